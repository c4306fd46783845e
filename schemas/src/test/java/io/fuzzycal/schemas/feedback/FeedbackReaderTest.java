package io.fuzzycal.schemas.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fuzzycal.schemas.avro.Feedback;
import io.fuzzycal.schemas.avro.Prediction;
import io.fuzzycal.schemas.avro.Variant;
import io.fuzzycal.schemas.registry.InMemorySchemaRegistry;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.schemas.serde.AvroSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FeedbackReaderTest {
    private static final String SCOPE = "feedback-reader-test";
    private static final String TOPIC = "sentiment.feedback";
    private static final SchemaRegistry REGISTRY = SchemaRegistry.fromConfig(
            Map.of("schema.registry.url", "mock://" + SCOPE));
    private final FeedbackReader reader = new FeedbackReader(REGISTRY);

    @AfterAll
    static void drop() {
        InMemorySchemaRegistry.dropScope(SCOPE);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Feedback feedback(String documentId, int label, String labelName) {
        return Feedback.newBuilder().setDocumentId(documentId).setLabel(label).setLabelName(labelName)
                .setLabelledAt(Instant.EPOCH).setSource("test").build();
    }

    private static Prediction prediction(String documentId) {
        return Prediction.newBuilder().setDocumentId(documentId).setModelId("m").setVariant(Variant.FP32)
                .setLabels(List.of("Bearish", "Bullish", "Neutral")).setProbabilities(List.of(0.2, 0.3, 0.5))
                .setLogits(List.of(0f, 0f, 0f)).setModelLatencyMicros(1L).setBatchSize(1).setProducedAt(Instant.EPOCH)
                .build();
    }

    private FeedbackLabel json(String key, String json) {
        return reader.read(TOPIC, key == null ? null : utf8(key), utf8(json));
    }

    @Test
    void readsFeedbackAvro() {
        byte[] value = new AvroSerializer<>(REGISTRY).serialize(TOPIC, feedback("d1", 2, "Neutral"));
        assertThat(reader.read(TOPIC, utf8("other-key"), value))
                .isEqualTo(new FeedbackLabel("d1", 2, "Neutral", "test"));
        byte[] noName = new AvroSerializer<>(REGISTRY).serialize(TOPIC, feedback("d2", 0, null));
        assertThat(reader.read(TOPIC, null, noName)).isEqualTo(new FeedbackLabel("d2", 0, null, "test"));
    }

    @Test
    void readsJsonWithANameAnIndexOrAnIndexInAString() {
        assertThat(json("k", "{\"id\":\"d1\",\"label\":\"Bearish\"}"))
                .isEqualTo(new FeedbackLabel("d1", null, "Bearish", "json"));
        assertThat(json("k", "{\"id\":\"d1\",\"label\":1}")).isEqualTo(new FeedbackLabel("d1", 1, null, "json"));
        assertThat(json("k", "{\"id\":\"d1\",\"label\":\" 2 \"}")).isEqualTo(new FeedbackLabel("d1", 2, null, "json"));
        assertThat(json("k", "{\"id\":\"d1\",\"label\":\"-1\"}")).isEqualTo(new FeedbackLabel("d1", -1, null, "json"));
        assertThat(json("k", "{\"id\":\"d1\",\"label\":0,\"labelName\":\"Bearish\",\"source\":\"kcat\"}"))
                .isEqualTo(new FeedbackLabel("d1", 0, "Bearish", "kcat"));
        assertThat(json("k", "{\"id\":\"d1\",\"labelName\":\"Bullish\"}"))
                .isEqualTo(new FeedbackLabel("d1", null, "Bullish", "json"));
    }

    @Test
    void takesTheDocumentIdFromIdThenDocumentIdThenTheKey() {
        assertThat(json("key", "{\"id\":\"a\",\"documentId\":\"b\",\"label\":0}").documentId()).isEqualTo("a");
        assertThat(json("key", "{\"documentId\":\"b\",\"label\":0}").documentId()).isEqualTo("b");
        assertThat(json("key", "{\"id\":null,\"documentId\":\"b\",\"label\":0}").documentId()).isEqualTo("b");
        assertThat(json("key", "{\"label\":0}").documentId()).isEqualTo("key");
        assertThat(json(null, "{\"id\":17,\"label\":0}").documentId()).isEqualTo("17");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'{\"id\":\"d1\"}'                      | feedback JSON has no label",
        "'{\"id\":\"d1\",\"label\":null}'       | feedback JSON has no label",
        "'{\"label\":0}'                        | without a document id",
        "'{\"id\":\"  \",\"label\":0}'          | without a document id",
        "'{\"id\":\"d1\",\"label\":1.5}'        | must be an index or a class name",
        "'{\"id\":\"d1\",\"label\":[0]}'        | must be an index or a class name",
        "'{\"id\":\"d1\",\"label\":\"\"}'       | has no label",
        "'[\"d1\", 0]'                          | must be an object",
        "'42'                                   | must be an object",
        "'not json at all'                      | neither Feedback Avro nor JSON",
        "'{\"id\":\"d1\",'                      | neither Feedback Avro nor JSON",
    })
    void refusesWhatIsNotALabelWithAClearReason(String value, String reason) {
        assertThatThrownBy(() -> reader.read(TOPIC, null, utf8(value)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason);
    }

    @Test
    void refusesEmptyRecordsAndUnreadableAvro() {
        assertThatThrownBy(() -> reader.read(TOPIC, utf8("k"), null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("empty feedback record");
        assertThatThrownBy(() -> reader.read(TOPIC, utf8("k"), new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("empty feedback record");
        byte[] unknownSchema = {0, 0, 0, 0x7f, 0x7f, 2, 4, 6};
        assertThatThrownBy(() -> reader.read(TOPIC, utf8("k"), unknownSchema))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("unreadable Feedback Avro");
        byte[] aPrediction = new AvroSerializer<>(REGISTRY).serialize("sentiment.predictions",
                prediction("d1"));
        assertThatThrownBy(() -> reader.read(TOPIC, utf8("k"), aPrediction))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("unreadable Feedback Avro")
                .hasMessageContaining("Feedback");
    }
}
