package io.fuzzycal.calibration;

/**
 * Keeps the fuzzy centres ordered, at least a gap apart and inside [1/C, 1], the confidences a
 * C-class model can produce. Unconstrained, centres started at the quantiles of an over-confident
 * model drift past 1 and merge, which leaves fewer effective regions (issue 14).
 */
final class CentreConstraint {
    private final double low;
    private final double high;
    private final double gap;

    CentreConstraint(int numClasses, int regions) {
        this.low = 1.0 / numClasses;
        this.high = 1.0;
        // Small enough that K centres always fit; large enough that two regions never coincide.
        this.gap = Math.min(0.02, (high - low) / (2.0 * regions));
    }

    /** Projects {@code theta[from..from+K)} in place onto the ordered, separated, bounded set. */
    void project(double[] theta, int from, int regions) {
        theta[from] = Math.max(theta[from], low);
        for (int r = 1; r < regions; r++) {
            theta[from + r] = Math.max(theta[from + r], theta[from + r - 1] + gap);
        }
        theta[from + regions - 1] = Math.min(theta[from + regions - 1], high);
        for (int r = regions - 2; r >= 0; r--) {
            theta[from + r] = Math.min(theta[from + r], theta[from + r + 1] - gap);
        }
    }
}
