package io.fuzzycal.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Analytic gradients against central finite differences. */
class GradientCheckTest {
    private static final double H = 1e-6;

    private static CalibrationSet data() {
        return SyntheticData.confidenceDependentMiscalibration(300, 11);
    }

    /** Max over coordinates of |analytic − numeric| / max(1, |numeric|). */
    private static double worstError(java.util.function.ToDoubleBiFunction<double[], double[]> f, double[] theta) {
        double[] grad = new double[theta.length];
        f.applyAsDouble(theta, grad);
        double worst = 0;
        double[] scratch = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            plus[i] += H;
            minus[i] -= H;
            double numeric = (f.applyAsDouble(plus, scratch) - f.applyAsDouble(minus, scratch)) / (2 * H);
            worst = Math.max(worst, Math.abs(grad[i] - numeric) / Math.max(1, Math.abs(numeric)));
        }
        return worst;
    }

    /** One term of the fuzzy objective at a time, then all together. */
    @ParameterizedTest
    @ValueSource(strings = {"nll", "softEce", "classwiseSoftEce", "brier", "all"})
    void fuzzyObjectiveGradientMatchesFiniteDifferences(String term) {
        LossWeights weights = switch (term) {
            case "nll" -> new LossWeights(1, 0, 0, 0);
            case "softEce" -> new LossWeights(0, 1, 0, 0);
            case "classwiseSoftEce" -> new LossWeights(0, 0, 1, 0);
            case "brier" -> new LossWeights(0, 0, 0, 1);
            default -> new LossWeights(1, 0.7, 0.5, 2);
        };
        CalibrationSet data = data();
        FuzzyObjective objective = new FuzzyObjective(data, 4, weights, 15, 1e-3);
        int[] rows = new int[data.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        // A point away from the identity, so every parameter matters.
        SplittableRandom random = new SplittableRandom(3);
        double[] theta = objective.parametersOf(FuzzyGatedMap.identity(3, new double[] {0.4, 0.6, 0.8, 0.95},
                new double[] {0.1, 0.12, 0.08, 0.05}));
        for (int i = 0; i < theta.length - 8; i++) {
            theta[i] += 0.3 * SyntheticData.gaussian(random);
        }
        double worst = worstError((x, g) -> objective.evaluate(x, rows, 0, rows.length, g), theta);
        assertThat(worst).as("worst relative gradient error").isLessThan(1e-5);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5})
    void logLinearNllGradientMatchesFiniteDifferences(int classes) {
        SplittableRandom random = new SplittableRandom(classes);
        double[][] z = SyntheticData.gaussianLogits(400, classes, 2, random);
        CalibrationSet data = CalibrationSet.ofLogits(z, SyntheticData.labels(z, SyntheticData::softmax, random));
        LogLinearNll nll = new LogLinearNll(data);
        int cc = classes * classes;
        double[] theta = new double[cc + classes];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = SyntheticData.gaussian(random);
        }
        double worst = worstError((x, g) -> {
            double[] gw = new double[cc];
            double[] gb = new double[classes];
            double f = nll.evaluate(java.util.Arrays.copyOf(x, cc), java.util.Arrays.copyOfRange(x, cc, cc + classes), gw, gb);
            System.arraycopy(gw, 0, g, 0, cc);
            System.arraycopy(gb, 0, g, cc, classes);
            return f;
        }, theta);
        assertThat(worst).isLessThan(1e-6);
    }
}
