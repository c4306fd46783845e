package io.fuzzycal.devkafka;

import io.fuzzycal.schemas.registry.RegisteredSchema;
import java.util.List;

/** Where the development registry keeps its schemas: the {@code _schemas} topic, or a list in a test. */
interface SchemaLog {
    /** Every schema version stored so far, oldest first. */
    List<RegisteredSchema> readAll();

    /** Stores one new version durably before it returns. */
    void append(RegisteredSchema registered);
}
