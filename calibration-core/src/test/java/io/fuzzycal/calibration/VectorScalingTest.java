package io.fuzzycal.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VectorScalingTest extends CalibratorConformanceTest {
    @Override
    Calibrator calibrator() {
        return CalibrationMethods.create("affine");
    }

    @Test
    void recoversPerClassScaleAndBias() {
        double[] scale = {0.5, 1.5, 1.0};
        double[] bias = {0.4, -0.3, 0.0};
        SplittableRandom random = new SplittableRandom(99);
        double[][] z = SyntheticData.gaussianLogits(30_000, 3, 2.0, random);
        CalibrationSet data = CalibrationSet.ofLogits(z, null);
        int[] y = new int[z.length];
        for (int i = 0; i < z.length; i++) {
            double[] l = data.logProbabilities(i);
            double[] t = new double[3];
            for (int k = 0; k < 3; k++) {
                t[k] = scale[k] * l[k] + bias[k];
            }
            y[i] = SyntheticData.draw(SyntheticData.softmax(t), random);
        }
        VectorScalingMap map = (VectorScalingMap) calibrator().fit(data.withLabels(y), 1);
        double[] fittedBias = map.bias();
        double shift = fittedBias[2] - bias[2]; // biases are identified up to a common constant
        for (int k = 0; k < 3; k++) {
            assertThat(map.scale()[k]).as("scale %d", k).isCloseTo(scale[k], within(0.06));
            assertThat(fittedBias[k] - shift).as("bias %d", k).isCloseTo(bias[k], within(0.08));
        }
    }
}
