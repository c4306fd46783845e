package io.fuzzycal.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Finite logits of any size are a valid row: ±1e308 used to give probabilities summing to 2. */
class ExtremeLogitsTest {
    @Test
    void hugeEqualLogitsShareTheMass() {
        CalibrationSet set = CalibrationSet.ofLogits(new double[][] {{1e308, 1e308, -1e308}, {Double.MAX_VALUE, 0, -Double.MAX_VALUE}}, null);
        double[] first = FittedCalibrator.identity(3).calibrate(set)[0];
        assertThat(first[0]).isCloseTo(0.5, within(1e-9));
        assertThat(first[1]).isCloseTo(0.5, within(1e-9));
        assertThat(first[0] + first[1] + first[2]).isCloseTo(1, within(1e-9));
        double[] second = FittedCalibrator.identity(3).calibrate(set)[1];
        assertThat(second[0]).isCloseTo(1, within(1e-9));
    }
}
