package io.fuzzycal.benchmarks;

import io.fuzzycal.calibration.CalibrationSet;
import java.util.SplittableRandom;

/** Seeded 3-class model outputs, over-confident where sure, for the benchmarks. */
final class BenchmarkData {
    private BenchmarkData() {
    }

    static CalibrationSet threeClass(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] logits = new double[n][3];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double[] truth = new double[3];
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < 3; k++) {
                truth[k] = 1.6 * normal(random);
                max = Math.max(max, truth[k]);
            }
            double sum = 0;
            double[] p = new double[3];
            for (int k = 0; k < 3; k++) {
                p[k] = Math.exp(truth[k] - max);
                sum += p[k];
            }
            double u = random.nextDouble() * sum;
            labels[i] = u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2;
            // Sharpen confident rows and flatten unsure ones: work for every method to do.
            double factor = max > 1 ? 2.0 : 0.7;
            for (int k = 0; k < 3; k++) {
                logits[i][k] = truth[k] * factor;
            }
        }
        return CalibrationSet.ofLogits(logits, labels);
    }

    private static double normal(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
