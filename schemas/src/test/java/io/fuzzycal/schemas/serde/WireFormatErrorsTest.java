package io.fuzzycal.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fuzzycal.schemas.Topics;
import io.fuzzycal.schemas.avro.Feedback;
import io.fuzzycal.schemas.avro.Prediction;
import io.fuzzycal.schemas.registry.InMemorySchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WireFormatErrorsTest {
    private static final String SCOPE = "wire-format-errors";

    private final AvroSerde<Prediction> serde = new AvroSerde<>(Prediction.class);

    WireFormatErrorsTest() {
        serde.configure(Map.of("schema.registry.url", "mock://" + SCOPE), false);
    }

    @AfterEach
    void drop() {
        InMemorySchemaRegistry.dropScope(SCOPE);
    }

    private Prediction read(byte[] bytes) {
        return serde.deserializer().deserialize(Topics.PREDICTIONS, bytes);
    }

    @Test
    void plainJsonHasTheWrongMagicByte() {
        byte[] json = "{\"id\": \"doc-1\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(ConfluentWireFormat.isFramed(json)).isFalse();
        assertThatThrownBy(() -> read(json)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("sentiment.predictions")
                .hasMessageContaining("unknown magic byte 0x7b (expected 0x00)");
    }

    @Test
    void anUnknownSchemaIdNamesTheId() {
        byte[] bytes = {0, 0, 0, 0x30, 0x39, 2, 4};

        assertThatThrownBy(() -> read(bytes)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema id 12345").hasMessageContaining("Schema 12345 not found");
    }

    @Test
    void aTruncatedHeaderOrPayloadIsReported() {
        byte[] whole = serde.serializer().serialize(Topics.PREDICTIONS, Samples.prediction());

        assertThatThrownBy(() -> read(new byte[] {0, 0, 0})).isInstanceOf(SerializationException.class)
                .hasMessageContaining("truncated Confluent wire format: 3 byte(s)");
        assertThatThrownBy(() -> read(new byte[0])).isInstanceOf(SerializationException.class)
                .hasMessageContaining("empty value");
        assertThatThrownBy(() -> read(Arrays.copyOf(whole, whole.length - 4)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema id 1").hasMessageContaining("truncated or corrupt Avro data");
    }

    @Test
    void aRecordOfAnotherTypeIsNotMisread() {
        AvroSerde<Feedback> feedback = new AvroSerde<>(Feedback.class, InMemorySchemaRegistry.forScope(SCOPE));
        byte[] bytes = feedback.serializer().serialize(Topics.PREDICTIONS + "-mixup", Samples.feedback());

        assertThatThrownBy(() -> read(bytes)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("io.fuzzycal.schemas.avro.Feedback")
                .hasMessageContaining("cannot be read as io.fuzzycal.schemas.avro.Prediction");
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaFails() {
        AvroSerde<Prediction> strict = new AvroSerde<>(Prediction.class);
        strict.configure(Map.of("schema.registry.url", "mock://" + SCOPE, "auto.register.schemas", "false"), false);

        assertThatThrownBy(() -> strict.serializer().serialize(Topics.PREDICTIONS, Samples.prediction()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("auto.register.schemas=false")
                .hasMessageContaining("sentiment.predictions-value");

        serde.serializer().serialize(Topics.PREDICTIONS, Samples.prediction());
        assertThat(strict.serializer().serialize(Topics.PREDICTIONS, Samples.prediction())).startsWith(0, 0, 0, 0, 1);
    }

    @Test
    void anUnconfiguredSerdeSaysWhatIsMissing() {
        AvroSerde<Prediction> bare = new AvroSerde<>(Prediction.class);

        assertThatThrownBy(() -> bare.serializer().serialize(Topics.PREDICTIONS, Samples.prediction()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("schema.registry.url");
    }
}
