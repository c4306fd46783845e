package io.fuzzycal.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UncalibratedTest extends CalibratorConformanceTest {
    @Override
    Calibrator calibrator() {
        return CalibrationMethods.create("uncalibrated");
    }

    @Test
    void returnsTheModelsProbabilities() {
        FittedCalibrator map = calibrator().fit(overconfident(100, 1), 1);
        assertThat(map.calibrate(new double[] {0.7, 0.2, 0.1}))
                .containsExactly(new double[] {0.7, 0.2, 0.1}, org.assertj.core.data.Offset.offset(1e-12));
    }
}
