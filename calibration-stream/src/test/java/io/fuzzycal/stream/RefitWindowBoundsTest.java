package io.fuzzycal.stream;

import static io.fuzzycal.stream.StreamFixtures.MODEL;
import static io.fuzzycal.stream.StreamFixtures.T0;
import static io.fuzzycal.stream.StreamFixtures.jsonLabel;
import static io.fuzzycal.stream.StreamFixtures.policy;
import static io.fuzzycal.stream.StreamFixtures.synthetic;
import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.schemas.registry.InMemorySchemaRegistry;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.stream.StreamFixtures.Doc;
import io.fuzzycal.stream.StreamFixtures.Harness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The refit window keeps the last N labelled documents, none older than its maximum age. */
class RefitWindowBoundsTest {
    private static final String SCOPE = "refit-window-bounds-test";
    private static final SchemaRegistry REGISTRY = SchemaRegistry.fromConfig(
            Map.of("schema.registry.url", "mock://" + SCOPE));
    private static final long MINUTE = 60_000;

    @TempDir
    Path stateDir;

    @AfterAll
    static void drop() {
        InMemorySchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void theWindowKeepsTheLastWindowSizeDocuments() {
        CalibrationStreamConfig config = CalibrationStreamConfig.defaults(1)
                .withPolicy(policy("temperature", 50, 10_000, Duration.ofHours(1)));
        List<Doc> docs = synthetic("doc-", 500, 51);
        try (Harness h = new Harness(config, REGISTRY, stateDir)) {
            for (int i = 0; i < docs.size(); i++) {
                h.predictAndLabel(docs.get(i), docs.get(i).label());
                assertThat(h.window()).hasSize(Math.min(i + 1, 50));
            }
            List<String> expected = IntStream.range(450, 500).mapToObj(i -> "doc-" + i).toList();
            assertThat(h.window()).extracting(LabelledDocument::documentId).containsExactlyElementsOf(expected);
            assertThat(h.gauge("fuzzycal.calibration.window.size", "model", MODEL)).isEqualTo(50.0);
            RefitState state = RefitState.fromBytes(h.driver.<String, byte[]>getKeyValueStore(
                    CalibrationTopology.REFIT_STATE).get(MODEL));
            assertThat(state.size()).isEqualTo(50);
            assertThat(state.next()).isEqualTo(500);
            assertThat(state.labelsSinceRefit()).isEqualTo(500);
        }
    }

    @Test
    void documentsOlderThanTheMaximumAgeLeaveTheWindow() {
        RefitPolicy p = policy("temperature", 5_000, 10_000, Duration.ofHours(1));
        CalibrationStreamConfig config = CalibrationStreamConfig.defaults(1)
                .withPolicy(p.withWindow(5_000, Duration.ofHours(1)));
        List<Doc> docs = synthetic("doc-", 181, 52);
        long start = T0.toEpochMilli();
        try (Harness h = new Harness(config, REGISTRY, stateDir)) {
            // one label a minute over three hours, each 30 s after its prediction
            for (int i = 0; i < docs.size(); i++) {
                Doc d = docs.get(i);
                long labelledAt = start + i * MINUTE;
                h.predict(d, labelledAt - 30_000);
                h.labelJson(d.id(), jsonLabel(d.id(), d.label()), labelledAt);
            }
            long last = start + 180 * MINUTE;
            List<LabelledDocument> window = h.window();
            // labelled at or after last - 1 h: minutes 120 to 180
            assertThat(window).hasSize(61);
            assertThat(window).allSatisfy(d -> assertThat(d.labelledAt()).isGreaterThanOrEqualTo(last - 60 * MINUTE));
            assertThat(window.get(0).documentId()).isEqualTo("doc-120");
            assertThat(h.gauge("fuzzycal.calibration.window.size", "model", MODEL)).isEqualTo(61.0);
        }
    }

    @Test
    void aWallClockTickEvictsByAgeWithoutANewLabel() {
        RefitPolicy p = policy("temperature", 5_000, 10_000, Duration.ofHours(1));
        CalibrationStreamConfig config = CalibrationStreamConfig.defaults(1)
                .withPolicy(p.withWindow(5_000, Duration.ofHours(1)));
        List<Doc> docs = synthetic("doc-", 11, 53);
        long start = T0.toEpochMilli();
        try (Harness h = new Harness(config, REGISTRY, stateDir)) {
            for (int i = 0; i < 10; i++) {
                Doc d = docs.get(i);
                h.predict(d, start + i * MINUTE);
                h.labelJson(d.id(), jsonLabel(d.id(), d.label()), start + i * MINUTE + 1_000);
            }
            assertThat(h.window()).hasSize(10);
            // a prediction two hours later moves stream time on; the next tick evicts every label
            h.predict(docs.get(10), start + 130 * MINUTE);
            assertThat(h.window()).hasSize(10);
            h.driver.advanceWallClockTime(Duration.ofSeconds(2));
            assertThat(h.window()).isEmpty();
            assertThat(h.gauge("fuzzycal.calibration.window.size", "model", MODEL)).isZero();
        }
    }
}
