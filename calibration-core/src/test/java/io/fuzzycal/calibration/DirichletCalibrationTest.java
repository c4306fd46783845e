package io.fuzzycal.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DirichletCalibrationTest extends CalibratorConformanceTest {
    private static final double[][] TRUE_WEIGHTS = {{1.5, 0.3, -0.2}, {0.1, 0.8, 0.4}, {-0.3, 0.2, 1.2}};
    private static final double[] TRUE_BIAS = {0.3, -0.2, 0.1};

    @Override
    Calibrator calibrator() {
        return CalibrationMethods.create("dirichlet");
    }

    /** Rows of log-probabilities whose labels come from the known map softmax(W* ℓ + b*). */
    private static CalibrationSet throughKnownMap(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        CalibrationSet unlabelled = CalibrationSet.ofLogits(SyntheticData.gaussianLogits(n, 3, 2.0, random), null);
        DirichletMap truth = trueMap();
        int[] y = new int[n];
        double[] p = new double[3];
        for (int i = 0; i < n; i++) {
            truth.calibrateLog(unlabelled.logRow(i), p);
            y[i] = SyntheticData.draw(p, random);
        }
        return unlabelled.withLabels(y);
    }

    private static DirichletMap trueMap() {
        double[] w = new double[9];
        for (int i = 0; i < 3; i++) {
            System.arraycopy(TRUE_WEIGHTS[i], 0, w, 3 * i, 3);
        }
        return new DirichletMap(w, TRUE_BIAS);
    }

    /**
     * softmax(W ℓ + b) does not change when the same row vector is added to every row of W, or a
     * constant to every bias; compare maps with column means and the bias mean removed.
     */
    private static double[] canonical(double[][] w, double[] b) {
        double[] out = new double[12];
        for (int j = 0; j < 3; j++) {
            double mean = (w[0][j] + w[1][j] + w[2][j]) / 3;
            for (int i = 0; i < 3; i++) {
                out[3 * i + j] = w[i][j] - mean;
            }
        }
        double mb = (b[0] + b[1] + b[2]) / 3;
        for (int i = 0; i < 3; i++) {
            out[9 + i] = b[i] - mb;
        }
        return out;
    }

    @Test
    void recoversAKnownDirichletMapAndReachesTheOracleNll() {
        CalibrationSet train = throughKnownMap(20_000, 1);
        CalibrationSet test = throughKnownMap(20_000, 2);
        DirichletMap fitted = (DirichletMap) calibrator().fit(train, 1);

        double[] expected = canonical(TRUE_WEIGHTS, TRUE_BIAS);
        double[] actual = canonical(fitted.weightRows(), fitted.bias());
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("canonical parameter %d", i).isCloseTo(expected[i], within(0.1));
        }
        double oracle = LogSpace.meanNll(trueMap(), test);
        double nll = LogSpace.meanNll(fitted, test);
        assertThat(nll).isLessThanOrEqualTo(oracle * 1.01);
        assertThat(LogSpace.meanNll(new IdentityMap(3), test)).as("the task is not trivial").isGreaterThan(oracle * 1.05);
    }

    @Test
    void odirShrinksOffDiagonalWeights() {
        CalibrationSet train = throughKnownMap(500, 3);
        DirichletMap loose = (DirichletMap) new DirichletCalibration(new DirichletOptions(0, 0)).fit(train, 1);
        DirichletMap tight = (DirichletMap) new DirichletCalibration(new DirichletOptions(50, 50)).fit(train, 1);
        assertThat(offDiagonalNorm(tight)).isLessThan(offDiagonalNorm(loose));
    }

    private static double offDiagonalNorm(DirichletMap m) {
        double[][] w = m.weightRows();
        double s = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                if (i != j) {
                    s += w[i][j] * w[i][j];
                }
            }
        }
        return s;
    }
}
