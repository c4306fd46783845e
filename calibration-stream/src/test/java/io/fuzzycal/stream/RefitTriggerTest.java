package io.fuzzycal.stream;

import static io.fuzzycal.stream.StreamFixtures.MODEL;
import static io.fuzzycal.stream.StreamFixtures.T0;
import static io.fuzzycal.stream.StreamFixtures.policy;
import static io.fuzzycal.stream.StreamFixtures.synthetic;
import static io.fuzzycal.stream.StreamFixtures.unboxed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fuzzycal.calibration.CalibratorJson;
import io.fuzzycal.calibration.FittedCalibrator;
import io.fuzzycal.schemas.avro.CalibratedPrediction;
import io.fuzzycal.schemas.avro.CalibratorModel;
import io.fuzzycal.schemas.avro.Variant;
import io.fuzzycal.schemas.avro.VariantScore;
import io.fuzzycal.schemas.registry.InMemorySchemaRegistry;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.stream.StreamFixtures.Doc;
import io.fuzzycal.stream.StreamFixtures.Harness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A refit starts after enough new labels, or after the refit interval; a better challenger is promoted and applied. */
class RefitTriggerTest {
    private static final String SCOPE = "refit-trigger-test";
    private static final SchemaRegistry REGISTRY = SchemaRegistry.fromConfig(
            Map.of("schema.registry.url", "mock://" + SCOPE));
    private static final String TRIED = "fuzzycal.calibration.refits.tried";
    private static final String PROMOTED = "fuzzycal.calibration.refits.promoted";

    @TempDir
    Path stateDir;

    @AfterAll
    static void drop() {
        InMemorySchemaRegistry.dropScope(SCOPE);
    }

    private static VariantScore score(List<VariantScore> scores, Variant v) {
        return scores.stream().filter(s -> s.getVariant() == v).findFirst().orElseThrow();
    }

    @Test
    void theRefitStartsOnTheLabelThatCompletesTheCount() {
        CalibrationStreamConfig config = CalibrationStreamConfig.defaults(1)
                .withPolicy(policy("temperature", 5_000, 200, Duration.ofHours(1)));
        List<Doc> docs = synthetic("doc-", 200, 31);
        try (Harness h = new Harness(config, REGISTRY, stateDir)) {
            for (Doc d : docs.subList(0, 199)) {
                h.predictAndLabel(d, d.label());
            }
            assertThat(h.promoted()).isEmpty();
            assertThat(h.count(TRIED)).isZero();
            assertThat(h.window()).hasSize(199);

            h.predictAndLabel(docs.get(199), docs.get(199).label());
            assertThat(h.count(TRIED)).isEqualTo(1.0);
            assertThat(h.count(PROMOTED)).isEqualTo(1.0);
            List<CalibratorModel> promoted = h.promoted();
            assertThat(promoted).hasSize(1);
            CalibratorModel m = promoted.get(0);
            assertThat(m.getModelId()).isEqualTo(MODEL);
            assertThat(m.getVersion()).isEqualTo(1);
            assertThat(m.getMethod()).isEqualTo("temperature");
            long heldOut = docs.stream().filter(d -> HeldOutSplit.isHeldOut(d.id(), 0.2)).count();
            assertThat(m.getFitWindow().getSamples()).isEqualTo(200 - heldOut);
            assertThat(m.getHeldOut()).isNotNull();
            assertThat(m.getHeldOut().getSamples()).isEqualTo(2 * heldOut);
            assertThat(m.getHeldOut().getChampion()).extracting(VariantScore::getVariant)
                    .containsExactly(Variant.FP32, Variant.INT4);
            assertThat(m.getHeldOut().getChallenger()).extracting(VariantScore::getVariant)
                    .containsExactly(Variant.FP32, Variant.INT4);
            VariantScore before = score(m.getHeldOut().getChampion(), Variant.FP32);
            VariantScore after = score(m.getHeldOut().getChallenger(), Variant.FP32);
            assertThat(after.getEce()).isLessThan(before.getEce());
            assertThat(after.getNll()).isLessThan(before.getNll());
            assertThat(score(m.getHeldOut().getChallenger(), Variant.INT4).getEce())
                    .isLessThan(score(m.getHeldOut().getChampion(), Variant.INT4).getEce());

            // the promoted calibrator reaches the global store and is applied from the next prediction on
            h.calibrated();
            Doc next = synthetic("next-", 1, 32).get(0);
            h.predict(next, T0.toEpochMilli() + 1_000_000);
            List<CalibratedPrediction> out = h.calibrated();
            assertThat(out).hasSize(2).allSatisfy(c -> {
                assertThat(c.getCalibratorVersion()).isEqualTo(1);
                assertThat(c.getCalibratorMethod()).isEqualTo("temperature");
            });
            FittedCalibrator v1 = CalibratorJson.read(m.getParametersJson());
            assertThat(unboxed(out.get(0).getCalibratedProbabilities())).containsExactly(v1.calibrate(next.fp32()),
                    within(1e-12));

            // the count starts again: 199 more labels do not refit
            for (Doc d : synthetic("more-", 199, 33)) {
                h.predictAndLabel(d, d.label());
            }
            assertThat(h.count(TRIED)).isEqualTo(1.0);
            assertThat(h.promoted()).isEmpty();
        }
    }

    @Test
    void aFitOffTheStreamThreadIsCollectedOnTheNextTickAndOneRunsAtATime() {
        CalibrationStreamConfig config = CalibrationStreamConfig.defaults(1)
                .withPolicy(policy("temperature", 5_000, 200, Duration.ofHours(1)));
        Queue<Runnable> fits = new ArrayDeque<>();
        List<Doc> docs = synthetic("doc-", 400, 35);
        try (Harness h = new Harness(config, REGISTRY, stateDir, fits::add)) {
            for (Doc d : docs.subList(0, 200)) {
                h.predictAndLabel(d, d.label());
            }
            assertThat(h.count(TRIED)).isEqualTo(1.0);
            assertThat(fits).hasSize(1);
            // 200 more labels while the first fit runs: no second fit for the same model
            for (Doc d : docs.subList(200, 400)) {
                h.predictAndLabel(d, d.label());
            }
            assertThat(h.count(TRIED)).isEqualTo(1.0);
            assertThat(fits).hasSize(1);

            fits.poll().run();
            assertThat(h.promoted()).isEmpty();
            h.driver.advanceWallClockTime(RefitWindow.tick(Duration.ofHours(1)));
            assertThat(h.promoted()).singleElement().satisfies(m -> {
                assertThat(m.getVersion()).isEqualTo(1);
                assertThat(m.getFitWindow().getSamples() + m.getHeldOut().getSamples() / 2).isEqualTo(200);
            });

            // the labels that came meanwhile count: the next label starts the next fit, against v1
            Doc next = synthetic("next-", 1, 36).get(0);
            h.predictAndLabel(next, next.label());
            assertThat(h.count(TRIED)).isEqualTo(2.0);
            assertThat(fits).hasSize(1);
        }
    }

    @Test
    void theRefitStartsWhenTheIntervalHasPassedSinceTheLast() {
        CalibrationStreamConfig config = CalibrationStreamConfig.defaults(1)
                .withPolicy(policy("temperature", 5_000, 10_000, Duration.ofMinutes(10)));
        try (Harness h = new Harness(config, REGISTRY, stateDir)) {
            for (Doc d : synthetic("doc-", 300, 34)) {
                h.predictAndLabel(d, d.label());
            }
            h.driver.advanceWallClockTime(Duration.ofMinutes(9));
            assertThat(h.count(TRIED)).isZero();
            assertThat(h.promoted()).isEmpty();

            h.driver.advanceWallClockTime(Duration.ofMinutes(1));
            assertThat(h.count(TRIED)).isEqualTo(1.0);
            List<CalibratorModel> promoted = h.promoted();
            assertThat(promoted).singleElement().satisfies(m -> {
                assertThat(m.getVersion()).isEqualTo(1);
                assertThat(m.getMethod()).isEqualTo("temperature");
                assertThat(m.getPromotedAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
            });

            // no label since: the next interval passes without a refit
            h.driver.advanceWallClockTime(Duration.ofMinutes(11));
            assertThat(h.count(TRIED)).isEqualTo(1.0);
            assertThat(h.promoted()).isEmpty();
        }
    }
}
