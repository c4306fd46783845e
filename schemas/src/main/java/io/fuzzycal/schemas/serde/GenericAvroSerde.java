package io.fuzzycal.schemas.serde;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serde of generic records, for tools that handle any topic (a console consumer, a DLQ
 * inspector): records read with their writer's schema, or resolved to a given reader schema.
 */
public final class GenericAvroSerde implements Serde<GenericRecord> {
    private final AvroSerializer<GenericRecord> serializer = new AvroSerializer<>();
    private final AvroDeserializer<GenericRecord> deserializer;

    /** Reads every record with the schema it was written with. */
    public GenericAvroSerde() {
        this.deserializer = new AvroDeserializer<>();
    }

    /** Reads every record resolved to {@code readerSchema} (missing fields get its defaults). */
    public GenericAvroSerde(Schema readerSchema) {
        this.deserializer = new AvroDeserializer<>(readerSchema);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<GenericRecord> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<GenericRecord> deserializer() {
        return deserializer;
    }
}
