package io.fuzzycal.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TemperatureScalingTest extends CalibratorConformanceTest {
    @Override
    Calibrator calibrator() {
        return CalibrationMethods.create("temperature");
    }

    @Test
    void recoversTheTemperatureThatGeneratedTheLabels() {
        // Labels come from softmax(z / 2.5): the model's logits z must be divided by T = 2.5.
        SplittableRandom random = new SplittableRandom(2024);
        double[][] z = SyntheticData.gaussianLogits(20_000, 3, 4.0, random);
        int[] y = SyntheticData.labels(z, row -> SyntheticData.softmax(scaled(row, 1 / 2.5)), random);
        TemperatureMap map = (TemperatureMap) calibrator().fit(CalibrationSet.ofLogits(z, y), 1);
        assertThat(map.temperature()).isCloseTo(2.5, within(2.5 * 0.02));
    }

    @Test
    void sharpensAnUnderconfidentModel() {
        SplittableRandom random = new SplittableRandom(5);
        double[][] z = SyntheticData.gaussianLogits(5_000, 4, 1.0, random);
        int[] y = SyntheticData.labels(z, row -> SyntheticData.softmax(scaled(row, 3)), random);
        TemperatureMap map = (TemperatureMap) calibrator().fit(CalibrationSet.ofLogits(z, y), 1);
        assertThat(map.temperature()).isBetween(1 / 3.0 * 0.9, 1 / 3.0 * 1.1);
    }
}
