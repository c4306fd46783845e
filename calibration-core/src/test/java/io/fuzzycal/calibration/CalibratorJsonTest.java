package io.fuzzycal.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CalibratorJsonTest {

    @Test
    void roundTripIsBitExactForAwkwardDoubles() {
        SplittableRandom random = new SplittableRandom(8);
        for (int trial = 0; trial < 200; trial++) {
            double[] w = new double[9];
            double[] b = new double[3];
            for (int i = 0; i < 9; i++) {
                w[i] = Double.longBitsToDouble(random.nextLong()) % 1e3; // arbitrary mantissas
                if (!Double.isFinite(w[i])) {
                    w[i] = 0.1 * i;
                }
            }
            b[0] = Math.nextUp(0.1);
            b[1] = Double.MIN_VALUE;
            b[2] = -1e-300 * random.nextDouble();
            DirichletMap map = new DirichletMap(w, b);
            DirichletMap back = (DirichletMap) CalibratorJson.read(CalibratorJson.write(map));
            assertThat(CalibratorConformanceTest.bits(back.parameterVector()))
                    .isEqualTo(CalibratorConformanceTest.bits(map.parameterVector()));
        }
    }

    @Test
    void documentNamesFormatVersionAndMethod() {
        String json = CalibratorJson.write(new TemperatureMap(3, 1.7), Map.of("rows", 10));
        assertThat(json).contains("\"format\" : \"fuzzycal-calibrator\"", "\"formatVersion\" : 1",
                "\"method\" : \"temperature\"", "\"temperature\" : 1.7");
        assertThat(CalibratorJson.metadata(json)).containsEntry("rows", 10);
    }

    @Test
    void priorCorrectionWithAnEstimatedTargetRoundTrips() {
        FittedCalibrator map = PriorCorrection.compose(new TemperatureMap(3, 2), new double[] {0.2, 0.3, 0.5}, null);
        FittedCalibrator back = CalibratorJson.read(CalibratorJson.write(map));
        assertThat(back).isEqualTo(map);
        assertThat(PriorCorrection.needsTargetPrior(back)).isTrue();
    }

    @Test
    void unknownFieldsAreIgnoredForForwardCompatibility() {
        String json = CalibratorJson.write(new TemperatureMap(3, 1.5))
                .replace("\"method\"", "\"addedLater\" : {\"x\": 1}, \"method\"");
        assertThat(CalibratorJson.read(json)).isEqualTo(new TemperatureMap(3, 1.5));
    }

    @Test
    void badDocumentsFailWithTheReason() {
        assertThatThrownBy(() -> CalibratorJson.read("[1,2]")).hasMessageContaining("expected an object");
        assertThatThrownBy(() -> CalibratorJson.read("{not json")).hasMessageContaining("not a calibrator JSON document");
        assertThatThrownBy(() -> CalibratorJson.read("{\"format\":\"other\"}")).hasMessageContaining("\"format\"");
        String future = CalibratorJson.write(new TemperatureMap(3, 1.5)).replace("\"formatVersion\" : 1", "\"formatVersion\" : 99");
        assertThatThrownBy(() -> CalibratorJson.read(future)).hasMessageContaining("version 99 is not supported");
        String noTemperature = CalibratorJson.write(new TemperatureMap(3, 1.5)).replace("\"temperature\" : 1.5", "\"t\" : 1.5");
        assertThatThrownBy(() -> CalibratorJson.read(noTemperature)).hasMessageContaining("lacks \"temperature\"");
        String negative = CalibratorJson.write(new TemperatureMap(3, 1.5)).replace("1.5", "-1.5");
        assertThatThrownBy(() -> CalibratorJson.read(negative)).hasMessageContaining("temperature must be");
        String unknown = CalibratorJson.write(new TemperatureMap(3, 1.5)).replace("\"temperature\",", "\"platt\",");
        assertThatThrownBy(() -> CalibratorJson.read(unknown)).hasMessageContaining("unknown calibration method 'platt'");
    }
}
