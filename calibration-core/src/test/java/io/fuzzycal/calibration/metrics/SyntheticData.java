package io.fuzzycal.calibration.metrics;

import java.util.SplittableRandom;

/** Seeded synthetic predictions for tests: calibrated by construction, and sharpened copies of them. */
public final class SyntheticData {
    /** Probability rows and labels. */
    public record Sample(double[][] probabilities, int[] labels) {
    }

    private SyntheticData() {
    }

    /**
     * Perfectly calibrated rows: probabilities are a softmax of Gaussian logits with a per-row random
     * scale (so confidences cover most of [1/C, 1]), and each label is drawn from its own row's
     * probabilities, so P(label = k | row) = p_k exactly.
     */
    public static Sample calibrated(int n, int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] p = new double[n][classes];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double scale = 3 * random.nextDouble();
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                p[i][k] = Math.exp(scale * random.nextGaussian());
                sum += p[i][k];
            }
            for (int k = 0; k < classes; k++) {
                p[i][k] /= sum;
            }
            y[i] = draw(p[i], random.nextDouble());
        }
        return new Sample(p, y);
    }

    /** Rows raised to the power {@code sharpness} and renormalised (sharpness > 1: overconfident). */
    public static double[][] sharpened(double[][] p, double sharpness) {
        double[][] out = new double[p.length][];
        for (int i = 0; i < p.length; i++) {
            out[i] = new double[p[i].length];
            double sum = 0;
            for (int k = 0; k < p[i].length; k++) {
                out[i][k] = Math.pow(p[i][k], sharpness);
                sum += out[i][k];
            }
            for (int k = 0; k < p[i].length; k++) {
                out[i][k] /= sum;
            }
        }
        return out;
    }

    private static int draw(double[] p, double u) {
        double cumulative = 0;
        for (int k = 0; k < p.length; k++) {
            cumulative += p[k];
            if (u < cumulative) {
                return k;
            }
        }
        return p.length - 1;
    }
}
