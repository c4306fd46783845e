package io.fuzzycal.stream;

import static io.fuzzycal.stream.StreamFixtures.MODEL;
import static io.fuzzycal.stream.StreamFixtures.T0;
import static io.fuzzycal.stream.StreamFixtures.fp32Set;
import static io.fuzzycal.stream.StreamFixtures.prediction;
import static io.fuzzycal.stream.StreamFixtures.synthetic;
import static io.fuzzycal.stream.StreamFixtures.unboxed;
import static io.fuzzycal.stream.StreamFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fuzzycal.calibration.CalibrationMethods;
import io.fuzzycal.calibration.CalibratorJson;
import io.fuzzycal.calibration.FittedCalibrator;
import io.fuzzycal.schemas.DeadLetterHeaders;
import io.fuzzycal.schemas.TrustedAvroPackages;
import io.fuzzycal.schemas.avro.CalibratedPrediction;
import io.fuzzycal.schemas.avro.CalibratorModel;
import io.fuzzycal.schemas.avro.FitWindow;
import io.fuzzycal.schemas.avro.Prediction;
import io.fuzzycal.schemas.avro.Variant;
import io.fuzzycal.schemas.registry.InMemorySchemaRegistry;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.stream.StreamFixtures.Doc;
import io.fuzzycal.stream.StreamFixtures.Harness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Predictions in, calibrated predictions out: which calibrator is applied, and what happens to bad records. */
class CalibrationApplyTest {
    private static final String SCOPE = "calibration-apply-test";
    private static final SchemaRegistry REGISTRY = SchemaRegistry.fromConfig(
            Map.of("schema.registry.url", "mock://" + SCOPE));
    private static FittedCalibrator temperature;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void fit() {
        TrustedAvroPackages.trustGeneratedClasses();
        temperature = CalibrationMethods.create("temperature").fit(fp32Set(synthetic("fit-", 1_000, 11)), 1);
    }

    @AfterAll
    static void drop() {
        InMemorySchemaRegistry.dropScope(SCOPE);
    }

    private Harness harness(CalibrationStreamConfig config) {
        return new Harness(config, REGISTRY, stateDir);
    }

    private static CalibratorModel model(long version, FittedCalibrator map) {
        return CalibratorModel.newBuilder().setModelId(MODEL).setVersion(version).setMethod(map.method())
                .setParametersJson(CalibratorJson.write(map))
                .setFitWindow(FitWindow.newBuilder().setFromTime(T0).setToTime(T0.plusSeconds(60)).setSamples(1_000)
                        .build())
                .setPromotedAt(T0).build();
    }

    @Test
    void appliesTheCalibratorVersionInTheGlobalStore() {
        Doc doc = synthetic("doc-", 1, 3).get(0);
        try (Harness h = harness(CalibrationStreamConfig.defaults(1))) {
            h.publish(model(7, temperature));
            h.pipePrediction(prediction(doc.id(), Variant.FP32, doc.fp32()), T0.toEpochMilli());

            List<CalibratedPrediction> out = h.calibrated();
            assertThat(out).hasSize(1);
            CalibratedPrediction c = out.get(0);
            assertThat(c.getDocumentId()).isEqualTo(doc.id());
            assertThat(c.getModelId()).isEqualTo(MODEL);
            assertThat(c.getVariant()).isEqualTo(Variant.FP32);
            assertThat(c.getLabels()).isEqualTo(StreamFixtures.LABELS);
            assertThat(c.getCalibratorVersion()).isEqualTo(7);
            assertThat(c.getCalibratorMethod()).isEqualTo("temperature");
            assertThat(unboxed(c.getRawProbabilities())).containsExactly(doc.fp32());
            double[] expected = temperature.calibrate(doc.fp32());
            assertThat(unboxed(c.getCalibratedProbabilities())).containsExactly(expected, within(1e-12));
            double moved = 0;
            for (int k = 0; k < expected.length; k++) {
                moved = Math.max(moved, Math.abs(expected[k] - doc.fp32()[k]));
            }
            assertThat(moved).as("the temperature map changes the probabilities").isGreaterThan(0.01);
            assertThat(h.gauge("fuzzycal.calibration.calibrator.version", "model", MODEL)).isEqualTo(7.0);
        }
    }

    @Test
    void aNewerModelRecordReplacesTheCalibratorAndATombstoneRestoresVersionZero() {
        Doc doc = synthetic("doc-", 1, 4).get(0);
        FittedCalibrator other = CalibrationMethods.create("temperature").fit(fp32Set(synthetic("x-", 500, 12)), 1);
        try (Harness h = harness(CalibrationStreamConfig.defaults(1))) {
            h.publish(model(7, temperature));
            h.publish(model(8, other));
            h.pipePrediction(prediction(doc.id(), Variant.INT4, doc.int4()), T0.toEpochMilli());
            CalibratedPrediction c = h.calibrated().get(0);
            assertThat(c.getCalibratorVersion()).isEqualTo(8);
            assertThat(unboxed(c.getCalibratedProbabilities())).containsExactly(other.calibrate(doc.int4()),
                    within(1e-12));

            h.unpublish(MODEL);
            h.pipePrediction(prediction(doc.id(), Variant.INT4, doc.int4()), T0.toEpochMilli() + 1);
            c = h.calibrated().get(0);
            assertThat(c.getCalibratorVersion()).isZero();
            assertThat(unboxed(c.getCalibratedProbabilities())).containsExactly(doc.int4(), within(1e-9));
        }
    }

    @Test
    void beforeAnyCalibratorThePredictionPassesThroughAsVersionZero() {
        Doc doc = synthetic("doc-", 1, 5).get(0);
        try (Harness h = harness(CalibrationStreamConfig.defaults(1))) {
            h.pipePrediction(prediction(doc.id(), Variant.FP32, doc.fp32()), T0.toEpochMilli());
            CalibratedPrediction c = h.calibrated().get(0);
            assertThat(c.getCalibratorVersion()).isZero();
            assertThat(c.getCalibratorMethod()).isEqualTo("uncalibrated");
            assertThat(unboxed(c.getCalibratedProbabilities())).containsExactly(doc.fp32(), within(1e-9));
        }
    }

    @Test
    void theInitialCalibratorIsVersionZeroUntilAPromotion() {
        Doc doc = synthetic("doc-", 1, 6).get(0);
        try (Harness h = harness(CalibrationStreamConfig.defaults(1).withInitialCalibrator(temperature))) {
            h.pipePrediction(prediction(doc.id(), Variant.FP32, doc.fp32()), T0.toEpochMilli());
            CalibratedPrediction c = h.calibrated().get(0);
            assertThat(c.getCalibratorVersion()).isZero();
            assertThat(c.getCalibratorMethod()).isEqualTo("temperature");
            assertThat(unboxed(c.getCalibratedProbabilities())).containsExactly(temperature.calibrate(doc.fp32()),
                    within(1e-12));
        }
    }

    @Test
    void anUnreadableModelRecordLeavesVersionZeroInUse() {
        Doc doc = synthetic("doc-", 1, 7).get(0);
        try (Harness h = harness(CalibrationStreamConfig.defaults(1))) {
            CalibratorModel broken = CalibratorModel.newBuilder(model(3, temperature)).setParametersJson("{").build();
            h.publish(broken);
            h.pipePrediction(prediction(doc.id(), Variant.FP32, doc.fp32()), T0.toEpochMilli());
            CalibratedPrediction c = h.calibrated().get(0);
            assertThat(c.getCalibratorVersion()).isZero();
            assertThat(unboxed(c.getCalibratedProbabilities())).containsExactly(doc.fp32(), within(1e-9));
        }
    }

    /** Finite fields, NaN outputs: anyone could publish one while SCRAM is off. It is refused, never applied. */
    @Test
    void aModelRecordThatWouldOutputNanLeavesVersionZeroInUse() {
        Doc doc = synthetic("doc-", 1, 9).get(0);
        try (Harness h = harness(CalibrationStreamConfig.defaults(1))) {
            h.publish(CalibratorModel.newBuilder(model(5, temperature)).setParametersJson("{\"format\":\"fuzzycal-calibrator\","
                    + "\"formatVersion\":1,\"method\":\"temperature\",\"classes\":3,\"parameters\":{\"temperature\":4.9e-324}}")
                    .build());
            h.pipePrediction(prediction(doc.id(), Variant.FP32, doc.fp32()), T0.toEpochMilli());
            CalibratedPrediction c = h.calibrated().get(0);
            assertThat(c.getCalibratorVersion()).isZero();
            assertThat(unboxed(c.getCalibratedProbabilities())).containsExactly(doc.fp32(), within(1e-9));
        }
    }

    @Test
    void malformedPredictionsGoToTheDeadLetterTopicAndTheStreamGoesOn() {
        Doc doc = synthetic("doc-", 2, 8).get(0);
        byte[] garbage = new byte[40];
        new Random(1).nextBytes(garbage);
        garbage[0] = 0; // looks like the wire format; the schema id is unknown
        byte[] text = utf8("not a prediction");
        Prediction badSum = prediction("bad-sum", Variant.FP32, new double[] {0.5, 0.3, 0.1});
        Prediction wrongLength = prediction("bad-length", Variant.FP32, new double[] {0.5, 0.5});
        try (Harness h = harness(CalibrationStreamConfig.defaults(1))) {
            byte[] badSumBytes = h.bytesOf(badSum);
            byte[] wrongLengthBytes = h.bytesOf(wrongLength); // 2 probabilities for 3 labels
            h.pipePrediction(utf8("g1"), garbage, T0.toEpochMilli());
            h.pipePrediction(utf8("g2"), text, T0.toEpochMilli());
            h.pipePrediction(utf8("bad-sum"), badSumBytes, T0.toEpochMilli());
            h.pipePrediction(utf8("bad-length"), wrongLengthBytes, T0.toEpochMilli());
            h.pipePrediction(utf8("null"), null, T0.toEpochMilli());

            List<TestRecord<byte[], byte[]>> dead = h.predictionsDeadLetters();
            assertThat(dead).hasSize(5);
            assertThat(dead).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                    .containsExactly("g1", "g2", "bad-sum", "bad-length", "null");
            assertThat(dead.get(0).value()).isEqualTo(garbage);
            assertThat(dead.get(1).value()).isEqualTo(text);
            assertThat(dead.get(2).value()).isEqualTo(badSumBytes);
            assertThat(dead.get(3).value()).isEqualTo(wrongLengthBytes);
            assertThat(dead.get(4).value()).isNull();
            for (TestRecord<byte[], byte[]> r : dead) {
                assertThat(DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.REASON)).isEqualTo("MALFORMED");
                assertThat(DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.SOURCE_TOPIC))
                        .isEqualTo("sentiment.predictions");
                assertThat(DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.MESSAGE)).isNotBlank();
            }
            assertThat(DeadLetterHeaders.text(dead.get(2).headers(), DeadLetterHeaders.MESSAGE)).contains("sum");
            assertThat(h.calibrated()).isEmpty();
            assertThat(h.count("fuzzycal.calibration.records.dlq", "topic", "sentiment.predictions.dlq",
                    "reason", "MALFORMED")).isEqualTo(5.0);

            h.pipePrediction(prediction(doc.id(), Variant.FP32, doc.fp32()), T0.toEpochMilli());
            assertThat(h.calibrated()).singleElement()
                    .satisfies(c -> assertThat(c.getDocumentId()).isEqualTo(doc.id()));
            assertThat(h.predictionsDeadLetters()).isEmpty();
        }
    }
}
