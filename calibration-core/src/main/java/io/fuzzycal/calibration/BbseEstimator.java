package io.fuzzycal.calibration;

/**
 * Black-box shift estimation (Lipton, Wang &amp; Smola 2018), soft form: on labelled source rows,
 * {@code M[i][j] = E[q_i | y = j]} (the mean posterior of class i over rows labelled j); under label
 * shift the target's mean posterior is {@code μ = M π_target}, so solving that C×C system
 * estimates the target prior. Unlike EM it needs no calibrated posteriors, only an invertible M,
 * which is why it is the default estimator (EM collapsed on the study's news data, issue 14).
 */
final class BbseEstimator {
    /** Below this |pivot| the confusion matrix is treated as singular. */
    private static final double SINGULAR = 1e-9;

    private BbseEstimator() {
    }

    /** Row-major {@code M[i][j]}; a class with no rows gets the column {@code e_j} (so it stays solvable). */
    static double[] confusion(double[][] posteriors, int[] labels, int c) {
        double[] m = new double[c * c];
        int[] n = new int[c];
        for (int r = 0; r < labels.length; r++) {
            int j = labels[r];
            n[j]++;
            for (int i = 0; i < c; i++) {
                m[i * c + j] += posteriors[r][i];
            }
        }
        for (int j = 0; j < c; j++) {
            for (int i = 0; i < c; i++) {
                m[i * c + j] = n[j] == 0 ? (i == j ? 1 : 0) : m[i * c + j] / n[j];
            }
        }
        return m;
    }

    /** The mean posterior over rows (optionally weighted by {@code counts[r]} for bootstrap resamples). */
    static double[] meanPosterior(double[][] posteriors, int[] counts) {
        int c = posteriors[0].length;
        double[] mu = new double[c];
        double total = 0;
        for (int r = 0; r < posteriors.length; r++) {
            double w = counts == null ? 1 : counts[r];
            total += w;
            for (int i = 0; i < c; i++) {
                mu[i] += w * posteriors[r][i];
            }
        }
        for (int i = 0; i < c; i++) {
            mu[i] /= total;
        }
        return mu;
    }

    /**
     * Solves {@code M π = μ}, clips negative entries to a small floor and renormalises; {@code null}
     * when M is singular (the model's outputs do not tell the classes apart).
     */
    static double[] estimate(double[] confusion, double[] mu) {
        int c = mu.length;
        double[][] a = new double[c][c + 1];
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < c; j++) {
                a[i][j] = confusion[i * c + j];
            }
            a[i][c] = mu[i];
        }
        for (int col = 0; col < c; col++) {
            int pivot = col;
            for (int r = col + 1; r < c; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            if (Math.abs(a[pivot][col]) < SINGULAR) {
                return null;
            }
            double[] t = a[col];
            a[col] = a[pivot];
            a[pivot] = t;
            for (int r = 0; r < c; r++) {
                if (r != col) {
                    double f = a[r][col] / a[col][col];
                    for (int k = col; k <= c; k++) {
                        a[r][k] -= f * a[col][k];
                    }
                }
            }
        }
        double[] pi = new double[c];
        double sum = 0;
        for (int i = 0; i < c; i++) {
            pi[i] = Math.max(a[i][c] / a[i][i], 1e-4);
            sum += pi[i];
        }
        for (int i = 0; i < c; i++) {
            pi[i] /= sum;
        }
        return pi;
    }
}
