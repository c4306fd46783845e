package io.fuzzycal.stream;

import static io.fuzzycal.stream.StreamFixtures.MODEL;
import static io.fuzzycal.stream.StreamFixtures.T0;
import static io.fuzzycal.stream.StreamFixtures.prediction;
import static io.fuzzycal.stream.StreamFixtures.synthetic;
import static io.fuzzycal.stream.StreamFixtures.unboxed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fuzzycal.schemas.TrustedAvroPackages;
import io.fuzzycal.schemas.avro.CalibratedPrediction;
import io.fuzzycal.schemas.avro.CalibratorModel;
import io.fuzzycal.schemas.avro.FitWindow;
import io.fuzzycal.schemas.avro.Variant;
import io.fuzzycal.schemas.registry.InMemorySchemaRegistry;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.stream.StreamFixtures.Doc;
import io.fuzzycal.stream.StreamFixtures.Harness;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A calibrator on {@code calibration.models} whose fields are finite but whose outputs are NaN (anyone
 * could write one there while SCRAM is off) is refused: the stream keeps version 0 and publishes no NaN.
 */
class HostileCalibratorTest {
    private static final String SCOPE = "hostile-calibrator-test";
    private static final SchemaRegistry REGISTRY = SchemaRegistry.fromConfig(Map.of("schema.registry.url", "mock://" + SCOPE));

    @TempDir
    Path stateDir;

    @BeforeAll
    static void trust() {
        TrustedAvroPackages.trustGeneratedClasses();
    }

    @AfterAll
    static void drop() {
        InMemorySchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void aCalibratorThatWouldOutputNanIsNotApplied() {
        Doc doc = synthetic("doc-", 1, 9).get(0);
        String nanTemperature = "{\"format\":\"fuzzycal-calibrator\",\"formatVersion\":1,\"method\":\"temperature\","
                + "\"classes\":3,\"parameters\":{\"temperature\":4.9e-324}}";
        try (Harness h = new Harness(CalibrationStreamConfig.defaults(1), REGISTRY, stateDir)) {
            h.publish(CalibratorModel.newBuilder().setModelId(MODEL).setVersion(5).setMethod("temperature")
                    .setParametersJson(nanTemperature)
                    .setFitWindow(FitWindow.newBuilder().setFromTime(T0).setToTime(T0.plusSeconds(60)).setSamples(10).build())
                    .setPromotedAt(T0).build());
            h.pipePrediction(prediction(doc.id(), Variant.FP32, doc.fp32()), T0.toEpochMilli());
            CalibratedPrediction c = h.calibrated().get(0);
            assertThat(c.getCalibratorVersion()).isZero();
            assertThat(unboxed(c.getCalibratedProbabilities())).containsExactly(doc.fp32(), within(1e-9));
        }
    }
}
