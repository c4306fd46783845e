package io.fuzzycal.stream;

import static io.fuzzycal.stream.StreamFixtures.T0;
import static io.fuzzycal.stream.StreamFixtures.policy;
import static io.fuzzycal.stream.StreamFixtures.synthetic;
import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.schemas.avro.CalibratedPrediction;
import io.fuzzycal.schemas.avro.CalibratorModel;
import io.fuzzycal.schemas.registry.InMemorySchemaRegistry;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.stream.StreamFixtures.Doc;
import io.fuzzycal.stream.StreamFixtures.Harness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A challenger fitted on wrong labels does not replace a good champion. The method is {@code fuzzy}, which can
 * learn the class permutation of flipped labels (temperature cannot), and the change limit is 0.42: this data's
 * first calibrator moves the probabilities by 0.32 from the raw ones, a fuzzy fit on flipped labels by 0.52.
 */
class ChampionGuardTest {
    private static final String SCOPE = "champion-guard-test";
    private static final SchemaRegistry REGISTRY = SchemaRegistry.fromConfig(
            Map.of("schema.registry.url", "mock://" + SCOPE));
    private static final String REJECTED = "fuzzycal.calibration.refits.rejected";
    private static final int WINDOW = 200;

    @TempDir
    Path stateDir;

    @AfterAll
    static void drop() {
        InMemorySchemaRegistry.dropScope(SCOPE);
    }

    private Harness withChampion() {
        CalibrationStreamConfig config = CalibrationStreamConfig.defaults(1)
                .withPolicy(policy("fuzzy", WINDOW, WINDOW, Duration.ofHours(1), 0.42));
        Harness h = new Harness(config, REGISTRY, stateDir);
        for (Doc d : synthetic("good-", WINDOW, 41)) {
            h.predictAndLabel(d, d.label());
        }
        List<CalibratorModel> promoted = h.promoted();
        assertThat(promoted).singleElement().satisfies(m -> assertThat(m.getVersion()).isEqualTo(1));
        return h;
    }

    private static void assertStillVersionOne(Harness h) {
        assertThat(h.promoted()).isEmpty();
        h.calibrated();
        Doc next = synthetic("next-", 1, 49).get(0);
        h.predict(next, T0.toEpochMilli() + 10_000_000);
        assertThat(h.calibrated()).hasSize(2).extracting(CalibratedPrediction::getCalibratorVersion)
                .containsOnly(1L);
    }

    private static int flipped(int y) {
        return (y + 1) % 3;
    }

    @Test
    void aWindowOfFlippedLabelsIsRejected() {
        try (Harness h = withChampion()) {
            for (Doc d : synthetic("flipped-", WINDOW, 42)) {
                h.predictAndLabel(d, flipped(d.label()));
            }
            assertThat(h.window()).hasSize(WINDOW).allSatisfy(d -> assertThat(d.documentId()).startsWith("flipped-"));
            assertThat(h.count("fuzzycal.calibration.refits.tried")).isEqualTo(2.0);
            // the held-out slice is flipped too, so it prefers the challenger: only the change limit holds it back
            assertThat(h.count(REJECTED, "reason", "TOO_LARGE_CHANGE")).isEqualTo(1.0);
            assertThat(h.countAll(REJECTED)).isEqualTo(1.0);
            assertThat(h.count("fuzzycal.calibration.refits.promoted")).isEqualTo(1.0);
            assertStillVersionOne(h);
        }
    }

    @Test
    void aChallengerFittedOnFlippedLabelsIsWorseOnTheHeldOutSlice() {
        // only the fit slice is flipped; the held-out slice keeps the true labels
        try (Harness h = withChampion()) {
            double fraction = h.config.policy().heldOutFraction();
            for (Doc d : synthetic("half-", WINDOW, 43)) {
                h.predictAndLabel(d, HeldOutSplit.isHeldOut(d.id(), fraction) ? d.label() : flipped(d.label()));
            }
            assertThat(h.count("fuzzycal.calibration.refits.tried")).isEqualTo(2.0);
            assertThat(h.count(REJECTED, "reason", "WORSE_ON_HELD_OUT")).isEqualTo(1.0);
            assertThat(h.countAll(REJECTED)).isEqualTo(1.0);
            assertStillVersionOne(h);
        }
    }
}
