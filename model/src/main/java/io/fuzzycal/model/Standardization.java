package io.fuzzycal.model;

import java.util.Arrays;

/**
 * Per-feature mean and standard deviation from training rows. The head is fitted on standardised
 * features (so one L2 strength suits every dimension) and then folded back, so that the exported
 * graph takes raw pooled embeddings and needs no extra nodes.
 *
 * <p>A feature whose spread is below {@value #DEAD_FRACTION} of the median feature's is float noise,
 * not signal: MiniLM's pooled dimension 319 stays within 6e-8 of zero on every tweet. Standardising
 * it would blow noise up to unit variance, and folding would give it a weight near 7e6 that makes
 * logits depend on rounding (and on the CPU). Such a feature is ignored: it standardises to 0 and
 * gets weight 0. Its {@code std} is recorded as 0.
 */
record Standardization(double[] mean, double[] std) {
    static final double DEAD_FRACTION = 1e-3;

    static Standardization fit(float[][] x) {
        int d = x[0].length;
        double[] mean = new double[d];
        for (float[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= x.length;
        }
        double[] std = new double[d];
        for (float[] row : x) {
            for (int j = 0; j < d; j++) {
                double c = row[j] - mean[j];
                std[j] += c * c;
            }
        }
        for (int j = 0; j < d; j++) {
            std[j] = Math.sqrt(std[j] / x.length);
        }
        double[] sorted = std.clone();
        Arrays.sort(sorted);
        double floor = DEAD_FRACTION * sorted[d / 2];
        for (int j = 0; j < d; j++) {
            if (!(std[j] > floor)) {
                std[j] = 0;
            }
        }
        return new Standardization(mean, std);
    }

    boolean ignores(int feature) {
        return std[feature] == 0;
    }

    double[][] apply(float[][] x) {
        double[][] out = new double[x.length][mean.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < mean.length; j++) {
                out[i][j] = ignores(j) ? 0 : (x[i][j] - mean[j]) / std[j];
            }
        }
        return out;
    }

    /**
     * The head that gives on raw features what {@code standardised} gives on standardised ones:
     * {@code W'[j] = W[j]/σ_j}, {@code b' = b − Σ_j W[j]·μ_j/σ_j}; ignored features get {@code W'[j] = 0}.
     */
    LinearHead fold(LinearHead standardised) {
        double[][] w = standardised.weights();
        double[] b = standardised.bias();
        for (int j = 0; j < w.length; j++) {
            for (int k = 0; k < b.length; k++) {
                if (ignores(j)) {
                    w[j][k] = 0;
                } else {
                    w[j][k] /= std[j];
                    b[k] -= w[j][k] * mean[j];
                }
            }
        }
        return new LinearHead(w, b);
    }
}
