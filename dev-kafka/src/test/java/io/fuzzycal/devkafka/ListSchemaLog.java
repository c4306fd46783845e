package io.fuzzycal.devkafka;

import io.fuzzycal.schemas.registry.RegisteredSchema;
import java.util.ArrayList;
import java.util.List;

/** A schema log in memory, which can be told to fail its next writes. */
final class ListSchemaLog implements SchemaLog {
    private final List<RegisteredSchema> records = new ArrayList<>();
    private int failingWrites;

    @Override
    public synchronized List<RegisteredSchema> readAll() {
        return List.copyOf(records);
    }

    @Override
    public synchronized void append(RegisteredSchema registered) {
        if (failingWrites > 0) {
            failingWrites--;
            throw new IllegalStateException("broker unavailable");
        }
        records.add(registered);
    }

    synchronized void failNextWrites(int count) {
        failingWrites = count;
    }

    synchronized List<RegisteredSchema> records() {
        return List.copyOf(records);
    }
}
