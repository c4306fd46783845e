package io.fuzzycal.calibration;

import io.fuzzycal.calibration.optim.Lbfgs;

/**
 * The bias {@code δ} that minimises the mean NLL of {@code softmax(log q_i + δ)} over labelled rows:
 * a convex C-parameter problem. Added after a fit whose other terms (soft ECE, Brier) pulled the
 * predicted class marginal away from the labels' (issue 14: class 1 at 0.259 against 0.282 true).
 */
final class BiasRefit {
    private BiasRefit() {
    }

    /** The NLL-optimal shift, centred to sum 0 (softmax ignores a common offset). */
    static double[] fit(double[][] logProbs, int[] labels) {
        int c = logProbs[0].length;
        int n = labels.length;
        double[] z = new double[c];
        Lbfgs.Result r = Lbfgs.minimize((delta, grad) -> {
            java.util.Arrays.fill(grad, 0);
            double loss = 0;
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < c; k++) {
                    z[k] = logProbs[i][k] + delta[k];
                }
                double lse = LogSpace.logSumExp(z);
                loss += lse - z[labels[i]];
                for (int k = 0; k < c; k++) {
                    grad[k] += Math.exp(z[k] - lse) - (k == labels[i] ? 1 : 0);
                }
            }
            for (int k = 0; k < c; k++) {
                grad[k] /= n;
            }
            return loss / n;
        }, new double[c], Lbfgs.Settings.defaults());
        double[] delta = r.x();
        double mean = 0;
        for (double d : delta) {
            mean += d / c;
        }
        for (int k = 0; k < c; k++) {
            delta[k] -= mean;
        }
        return delta;
    }
}
