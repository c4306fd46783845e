package io.fuzzycal.calibration;

import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/** Seeded generators of model outputs with a known relation to their labels. */
final class SyntheticData {
    private SyntheticData() {
    }

    /** Logits with independent N(0, scale²) entries. */
    static double[][] gaussianLogits(int n, int c, double scale, SplittableRandom random) {
        double[][] z = new double[n][c];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < c; k++) {
                z[i][k] = scale * gaussian(random);
            }
        }
        return z;
    }

    static double gaussian(SplittableRandom random) {
        // Box–Muller; SplittableRandom has no nextGaussian on Java 17.
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    static double[] softmax(double[] z) {
        double[] p = new double[z.length];
        LogSpace.softmaxInto(z, p);
        return p;
    }

    /** A label drawn from the probability vector {@code p}. */
    static int draw(double[] p, SplittableRandom random) {
        double u = random.nextDouble();
        double acc = 0;
        for (int k = 0; k < p.length; k++) {
            acc += p[k];
            if (u < acc) {
                return k;
            }
        }
        return p.length - 1;
    }

    /** Labels drawn from {@code truth(row)} for each row. */
    static int[] labels(double[][] rows, UnaryOperator<double[]> truth, SplittableRandom random) {
        int[] y = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            y[i] = draw(truth.apply(rows[i]), random);
        }
        return y;
    }

    /**
     * A model that is under-confident where it is unsure and over-confident where it is sure: the
     * reported logits are the true ones times a factor that grows with the true confidence, from
     * 0.55 (below 0.5) to 2.4 (above 0.8). No single temperature or affine map undoes both.
     */
    static CalibrationSet confidenceDependentMiscalibration(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] reported = new double[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double[] truth = new double[3];
            for (int k = 0; k < 3; k++) {
                truth[k] = 1.6 * gaussian(random);
            }
            double[] p = softmax(truth);
            labels[i] = draw(p, random);
            double conf = Math.max(p[0], Math.max(p[1], p[2]));
            // Flatten where the model is unsure (reported confidence below the truth: under-confident),
            // sharpen where it is sure (reported above the truth: over-confident), smoothly in between.
            double t = Math.min(1, Math.max(0, (conf - 0.5) / 0.3));
            double factor = 0.55 + t * (2.4 - 0.55);
            double[] z = new double[3];
            for (int k = 0; k < 3; k++) {
                z[k] = truth[k] * factor;
            }
            reported[i] = z;
        }
        return CalibrationSet.ofLogits(reported, labels);
    }
}
