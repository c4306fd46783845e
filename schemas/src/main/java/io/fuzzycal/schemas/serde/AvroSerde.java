package io.fuzzycal.schemas.serde;

import io.fuzzycal.schemas.registry.SchemaRegistry;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.avro.specific.SpecificRecord;

/**
 * The serde of one generated Avro class, in Confluent's wire format:
 *
 * <pre>{@code
 * Serde<Prediction> serde = new AvroSerde<>(Prediction.class);
 * serde.configure(Map.of("schema.registry.url", "http://localhost:8081"), false);
 * }</pre>
 * or, sharing one registry client (and its caches) between serdes, {@code new AvroSerde<>(Prediction.class,
 * registry)}, which works without {@code configure}. Kafka Streams does not call {@code configure} on
 * serdes passed to {@code Consumed}/{@code Produced}: configure them yourself or give them a registry.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {
    private final AvroSerializer<T> serializer;
    private final AvroDeserializer<T> deserializer;

    public AvroSerde(Class<T> type) {
        this.serializer = new AvroSerializer<>();
        this.deserializer = new AvroDeserializer<>(type);
    }

    public AvroSerde(Class<T> type, SchemaRegistry registry) {
        this.serializer = new AvroSerializer<>(registry);
        this.deserializer = new AvroDeserializer<>(type, registry);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}
