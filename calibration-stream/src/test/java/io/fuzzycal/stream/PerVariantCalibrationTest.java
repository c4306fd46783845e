package io.fuzzycal.stream;

import static io.fuzzycal.stream.StreamFixtures.MODEL;
import static io.fuzzycal.stream.StreamFixtures.T0;
import static io.fuzzycal.stream.StreamFixtures.fp32Set;
import static io.fuzzycal.stream.StreamFixtures.policy;
import static io.fuzzycal.stream.StreamFixtures.synthetic;
import static io.fuzzycal.stream.StreamFixtures.unboxed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fuzzycal.calibration.CalibrationMethods;
import io.fuzzycal.calibration.CalibrationSet;
import io.fuzzycal.calibration.CalibratorJson;
import io.fuzzycal.calibration.FittedCalibrator;
import io.fuzzycal.schemas.avro.CalibratedPrediction;
import io.fuzzycal.schemas.avro.CalibratorModel;
import io.fuzzycal.schemas.avro.FitWindow;
import io.fuzzycal.schemas.avro.Variant;
import io.fuzzycal.schemas.avro.VariantScore;
import io.fuzzycal.schemas.registry.InMemorySchemaRegistry;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.stream.StreamFixtures.Doc;
import io.fuzzycal.stream.StreamFixtures.Harness;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-variant calibrators: fitted on each variant's own predictions, published as model/VARIANT, applied to that variant. */
class PerVariantCalibrationTest {
    private static final String SCOPE = "per-variant-test";
    private static final SchemaRegistry REGISTRY = SchemaRegistry.fromConfig(Map.of("schema.registry.url", "mock://" + SCOPE));

    @TempDir
    Path stateDir;

    @AfterAll
    static void drop() {
        InMemorySchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void aRefitPublishesOneCalibratorPerVariantAndEachVariantIsCalibratedByItsOwn() {
        CalibrationStreamConfig config = CalibrationStreamConfig.defaults(1)
                .withPolicy(policy("temperature", 5_000, 200, Duration.ofHours(1)).withPerVariant(true));
        try (Harness h = new Harness(config, REGISTRY, stateDir)) {
            for (Doc d : synthetic("doc-", 200, 51)) {
                h.predictAndLabel(d, d.label());
            }
            List<CalibratorModel> promoted = h.promoted();
            assertThat(promoted).extracting(CalibratorModel::getVariant).containsExactlyInAnyOrder(Variant.FP32, Variant.INT4);
            assertThat(promoted).allSatisfy(m -> {
                assertThat(m.getModelId()).isEqualTo(MODEL);
                assertThat(m.getVersion()).as("versions count per key").isEqualTo(1);
                assertThat(m.getHeldOut().getChallenger()).extracting(VariantScore::getVariant)
                        .as("judged on its own variant only").containsExactly(m.getVariant());
            });
            assertThat(h.count("fuzzycal.calibration.refits.tried")).isEqualTo(2.0);
            FittedCalibrator fp32 = mapOf(promoted, Variant.FP32);
            FittedCalibrator int4 = mapOf(promoted, Variant.INT4);
            assertThat(fp32.parameterVector()).isNotEqualTo(int4.parameterVector());

            h.calibrated();
            Doc next = synthetic("next-", 1, 52).get(0);
            h.predict(next, T0.toEpochMilli() + 10_000_000);
            for (CalibratedPrediction c : h.calibrated()) {
                FittedCalibrator own = c.getVariant() == Variant.FP32 ? fp32 : int4;
                assertThat(c.getCalibratorVersion()).isEqualTo(1);
                assertThat(unboxed(c.getCalibratedProbabilities()))
                        .containsExactly(own.calibrate(unboxed(c.getRawProbabilities())), within(1e-12));
            }
        }
    }

    @Test
    void aVariantsOwnCalibratorWinsOverTheModelsAndTheOtherVariantKeepsTheModels() {
        List<Doc> docs = synthetic("fit-", 300, 53);
        FittedCalibrator shared = CalibrationMethods.create("temperature").fit(fp32Set(docs), 1);
        FittedCalibrator own = CalibrationMethods.create("affine").fit(CalibrationSet.ofProbabilities(
                docs.stream().map(Doc::int4).toArray(double[][]::new), docs.stream().mapToInt(Doc::label).toArray()), 1);
        CalibrationStreamConfig config = CalibrationStreamConfig.defaults(1)
                .withPolicy(policy("temperature", 5_000, 10_000, Duration.ofHours(1)));
        try (Harness h = new Harness(config, REGISTRY, stateDir)) {
            h.publish(model(null, 4, shared));
            h.publish(model(Variant.INT4, 2, own));
            Doc next = synthetic("next-", 1, 54).get(0);
            h.predict(next, T0.toEpochMilli());
            List<CalibratedPrediction> out = h.calibrated();
            assertThat(out).hasSize(2);
            for (CalibratedPrediction c : out) {
                boolean int4 = c.getVariant() == Variant.INT4;
                assertThat(c.getCalibratorVersion()).isEqualTo(int4 ? 2 : 4);
                assertThat(c.getCalibratorMethod()).isEqualTo(int4 ? "affine" : "temperature");
                assertThat(unboxed(c.getCalibratedProbabilities())).containsExactly(
                        (int4 ? own : shared).calibrate(unboxed(c.getRawProbabilities())), within(1e-12));
            }

            h.unpublish(CalibrationTarget.key(MODEL, Variant.INT4)); // its own is withdrawn: the model's applies again
            h.predict(next, T0.toEpochMilli() + 1);
            assertThat(h.calibrated()).extracting(CalibratedPrediction::getCalibratorVersion).containsOnly(4L);
        }
    }

    private static FittedCalibrator mapOf(List<CalibratorModel> models, Variant v) {
        return CalibratorJson.read(models.stream().filter(m -> m.getVariant() == v).findFirst().orElseThrow()
                .getParametersJson());
    }

    private static CalibratorModel model(Variant variant, long version, FittedCalibrator map) {
        return CalibratorModel.newBuilder().setModelId(MODEL).setVariant(variant).setVersion(version)
                .setMethod(map.method()).setParametersJson(CalibratorJson.write(map))
                .setFitWindow(FitWindow.newBuilder().setFromTime(T0).setToTime(T0.plusSeconds(1)).setSamples(300).build())
                .setPromotedAt(Instant.ofEpochMilli(T0.toEpochMilli())).build();
    }
}
