package io.fuzzycal.calibration.stats;

/**
 * The paired difference {@code a − b} of one metric over the same splits: mean, standard error of
 * the mean ({@code sd/√n}), and how often {@code a} was lower (a win when lower is better).
 *
 * @param mean mean of {@code a_i − b_i}
 * @param standardError sample standard deviation of the differences over {@code √n} (0 for one split)
 * @param wins splits with {@code a_i < b_i}
 * @param n splits
 */
public record PairedDifference(double mean, double standardError, int wins, int n) {

    public static PairedDifference of(double[] a, double[] b) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("paired differences need two equally long, non-empty series; got "
                    + a.length + " and " + b.length);
        }
        int n = a.length;
        double mean = 0;
        int wins = 0;
        for (int i = 0; i < n; i++) {
            mean += a[i] - b[i];
            if (a[i] < b[i]) {
                wins++;
            }
        }
        mean /= n;
        double ss = 0;
        for (int i = 0; i < n; i++) {
            double d = a[i] - b[i] - mean;
            ss += d * d;
        }
        double se = n > 1 ? Math.sqrt(ss / (n - 1) / n) : 0;
        return new PairedDifference(mean, se, wins, n);
    }

    /** Upper end of the normal-approximation interval {@code mean + z·SE}. */
    public double upper(double z) {
        return mean + z * standardError;
    }
}
