package io.fuzzycal.stream;

import static io.fuzzycal.stream.StreamFixtures.MODEL;
import static io.fuzzycal.stream.StreamFixtures.T0;
import static io.fuzzycal.stream.StreamFixtures.feedback;
import static io.fuzzycal.stream.StreamFixtures.synthetic;
import static io.fuzzycal.stream.StreamFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.schemas.DeadLetterHeaders;
import io.fuzzycal.schemas.avro.Variant;
import io.fuzzycal.schemas.registry.InMemorySchemaRegistry;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.stream.StreamFixtures.Doc;
import io.fuzzycal.stream.StreamFixtures.Harness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Labels joined to predictions: the accepted forms, and each reason a label goes to the dead-letter topic. */
class FeedbackJoinTest {
    private static final String SCOPE = "feedback-join-test";
    private static final SchemaRegistry REGISTRY = SchemaRegistry.fromConfig(
            Map.of("schema.registry.url", "mock://" + SCOPE));
    private static final long T = T0.toEpochMilli();
    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;

    @TempDir
    Path stateDir;

    @AfterAll
    static void drop() {
        InMemorySchemaRegistry.dropScope(SCOPE);
    }

    private Harness harness() {
        return new Harness(CalibrationStreamConfig.defaults(1).withLabelDelay(Duration.ofHours(1),
                Duration.ofHours(2)), REGISTRY, stateDir);
    }

    private static String reason(TestRecord<byte[], byte[]> r) {
        return DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.REASON);
    }

    @Test
    void everyAcceptedFormOfLabelReachesTheRefitWindow() {
        List<Doc> docs = synthetic("d", 7, 21);
        try (Harness h = harness()) {
            for (Doc d : docs) {
                h.predict(d, T);
            }
            h.labelJson("d0", "{\"id\":\"d0\",\"label\":\"Bearish\"}", T + MINUTE);
            h.labelJson("d1", "{\"id\":\"d1\",\"label\":1}", T + MINUTE);
            h.labelJson("d2", "{\"documentId\":\"d2\",\"label\":\"2\"}", T + MINUTE);
            h.pipeFeedback(utf8("d3"), h.bytesOf(feedback("d3", 1, "Bullish")), T + MINUTE);
            h.labelJson(null, "{\"id\":\"d4\",\"label\":\"Neutral\"}", T + MINUTE);
            h.labelJson("d5", "{\"label\":\"bearish\"}", T + MINUTE);
            h.labelJson("d6", "{\"id\":\"d6\",\"label\":0,\"labelName\":\"Bearish\",\"source\":\"kcat\"}", T + MINUTE);

            assertThat(h.feedbackDeadLetters()).isEmpty();
            assertThat(h.count("fuzzycal.calibration.feedback", "outcome", "matched")).isEqualTo(7.0);
            List<LabelledDocument> window = h.window();
            assertThat(window).extracting(LabelledDocument::documentId)
                    .containsExactly("d0", "d1", "d2", "d3", "d4", "d5", "d6");
            assertThat(window).extracting(LabelledDocument::label).containsExactly(0, 1, 2, 1, 2, 0, 0);
            LabelledDocument first = window.get(0);
            assertThat(first.modelId()).isEqualTo(MODEL);
            assertThat(first.predictedAt()).isEqualTo(T);
            assertThat(first.labelledAt()).isEqualTo(T + MINUTE);
            assertThat(first.probabilities()).containsOnlyKeys(Variant.FP32, Variant.INT4);
            assertThat(first.probabilities().get(Variant.FP32)).containsExactly(docs.get(0).fp32());
            assertThat(first.probabilities().get(Variant.INT4)).containsExactly(docs.get(0).int4());
            assertThat(h.gauge("fuzzycal.calibration.window.size", "model", MODEL)).isEqualTo(7.0);
        }
    }

    @Test
    void aDocumentIdBeyondSixtyFourKilobytesIsJoined() {
        // used to stop the stream thread: the labelled document's id did not fit DataOutputStream.writeUTF
        String id = "x".repeat(70_000);
        Doc doc = synthetic("d", 1, 27).get(0);
        try (Harness h = harness()) {
            h.pipePrediction(StreamFixtures.prediction(id, Variant.FP32, doc.fp32()), T);
            h.labelJson(id, "{\"id\":\"" + id + "\",\"label\":1}", T + MINUTE);

            assertThat(h.feedbackDeadLetters()).isEmpty();
            assertThat(h.window()).singleElement().satisfies(d -> {
                assertThat(d.documentId()).isEqualTo(id);
                assertThat(d.label()).isEqualTo(1);
            });
        }
    }

    @Test
    void aLabelWithoutAPredictionIsUnmatched() {
        Doc doc = synthetic("d", 1, 22).get(0);
        try (Harness h = harness()) {
            h.predict(doc, T);
            byte[] value = utf8("{\"id\":\"nobody\",\"label\":\"Bullish\"}");
            h.pipeFeedback(utf8("nobody"), value, T + MINUTE);

            List<TestRecord<byte[], byte[]>> dead = h.feedbackDeadLetters();
            assertThat(dead).hasSize(1);
            assertThat(reason(dead.get(0))).isEqualTo("UNMATCHED");
            assertThat(dead.get(0).value()).isEqualTo(value);
            assertThat(new String(dead.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("nobody");
            assertThat(DeadLetterHeaders.text(dead.get(0).headers(), DeadLetterHeaders.SOURCE_TOPIC))
                    .isEqualTo("sentiment.feedback");
            assertThat(h.window()).isEmpty();
            assertThat(h.count("fuzzycal.calibration.feedback", "outcome", "unmatched")).isEqualTo(1.0);
            assertThat(h.count("fuzzycal.calibration.records.dlq", "topic", "sentiment.feedback.dlq",
                    "reason", "UNMATCHED")).isEqualTo(1.0);
        }
    }

    @Test
    void aLabelAfterTheLabelDelayIsLate() {
        List<Doc> docs = synthetic("d", 2, 23);
        try (Harness h = harness()) {
            h.predict(docs.get(0), T);
            h.predict(docs.get(1), T);
            h.labelJson("d1", "{\"id\":\"d1\",\"label\":1}", T + 59 * MINUTE); // within the hour: matched
            byte[] late = utf8("{\"id\":\"d0\",\"label\":\"Bearish\"}");
            h.pipeFeedback(utf8("d0"), late, T + 2 * HOUR);

            List<TestRecord<byte[], byte[]>> dead = h.feedbackDeadLetters();
            assertThat(dead).hasSize(1);
            assertThat(reason(dead.get(0))).isEqualTo("LATE");
            assertThat(dead.get(0).value()).isEqualTo(late);
            assertThat(h.window()).extracting(LabelledDocument::documentId).containsExactly("d1");
        }
    }

    @Test
    void aLabelOlderThanThePredictionRetentionIsLateNotUnmatched() {
        List<Doc> docs = synthetic("d", 2, 24);
        try (Harness h = harness()) {
            h.predict(docs.get(0), T);
            h.predict(docs.get(1), T + 10 * HOUR); // stream time moves on; d0's prediction expires
            h.labelJson("d0", "{\"id\":\"d0\",\"label\":0}", T + 30 * MINUTE);

            List<TestRecord<byte[], byte[]>> dead = h.feedbackDeadLetters();
            assertThat(dead).singleElement().satisfies(r -> assertThat(reason(r)).isEqualTo("LATE"));
        }
    }

    @Test
    void aLabelOutsideTheModelsClassesIsInvalid() {
        Doc doc = synthetic("d", 1, 25).get(0);
        try (Harness h = harness()) {
            h.predict(doc, T);
            List<byte[]> values = List.of(utf8("{\"id\":\"d0\",\"label\":5}"),
                    utf8("{\"id\":\"d0\",\"label\":\"Sideways\"}"),
                    utf8("{\"id\":\"d0\",\"label\":-1}"),
                    utf8("{\"id\":\"d0\",\"label\":0,\"labelName\":\"Bullish\"}"));
            for (byte[] v : values) {
                h.pipeFeedback(utf8("d0"), v, T + MINUTE);
            }
            h.pipeFeedback(utf8("d0"), h.bytesOf(feedback("d0", 7, null)), T + MINUTE);

            List<TestRecord<byte[], byte[]>> dead = h.feedbackDeadLetters();
            assertThat(dead).hasSize(5).allSatisfy(r -> assertThat(reason(r)).isEqualTo("INVALID_LABEL"));
            for (int i = 0; i < values.size(); i++) {
                assertThat(dead.get(i).value()).isEqualTo(values.get(i));
            }
            assertThat(DeadLetterHeaders.text(dead.get(1).headers(), DeadLetterHeaders.MESSAGE)).contains("Sideways");
            assertThat(h.window()).isEmpty();
            assertThat(h.count("fuzzycal.calibration.feedback", "outcome", "invalid_label")).isEqualTo(5.0);
        }
    }

    @Test
    void unreadableFeedbackIsMalformed() {
        Doc doc = synthetic("d", 1, 26).get(0);
        byte[] garbage = new byte[32];
        new Random(2).nextBytes(garbage);
        garbage[0] = 0x7f;
        byte[] framedGarbage = garbage.clone();
        framedGarbage[0] = 0; // the wire format's magic byte, an unknown schema id
        List<byte[]> values = List.of(garbage, framedGarbage, utf8("{\"id\":\"d0\"}"), utf8("{\"label\":\"Bearish\"}"),
                utf8("[1,2]"), utf8("{\"id\":\"d0\",\"label\":1.5}"), new byte[0]);
        try (Harness h = harness()) {
            h.predict(doc, T);
            for (byte[] v : values) {
                h.pipeFeedback(null, v, T + MINUTE);
            }

            List<TestRecord<byte[], byte[]>> dead = h.feedbackDeadLetters();
            assertThat(dead).hasSize(values.size()).allSatisfy(r -> {
                assertThat(reason(r)).isEqualTo("MALFORMED");
                assertThat(DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.SOURCE_TOPIC))
                        .isEqualTo("sentiment.feedback");
            });
            for (int i = 0; i < values.size(); i++) {
                assertThat(dead.get(i).value()).isEqualTo(values.get(i));
            }
            assertThat(h.window()).isEmpty();
            assertThat(h.count("fuzzycal.calibration.feedback", "outcome", "malformed"))
                    .isEqualTo((double) values.size());

            h.labelJson("d0", "{\"id\":\"d0\",\"label\":\"Bullish\"}", T + 2 * MINUTE);
            assertThat(h.feedbackDeadLetters()).isEmpty();
            assertThat(h.window()).singleElement().satisfies(d -> assertThat(d.label()).isEqualTo(1));
        }
    }
}
