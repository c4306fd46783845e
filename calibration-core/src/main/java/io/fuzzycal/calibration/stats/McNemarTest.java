package io.fuzzycal.calibration.stats;

import org.apache.commons.statistics.distribution.BinomialDistribution;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/**
 * McNemar's test of whether two classifiers scored on the same rows have the same error rate. Only
 * the discordant rows count: b (only the first is right) and c (only the second is right).
 *
 * <ul>
 *   <li>{@code b + c < EXACT_BELOW}: exact two-sided binomial test,
 *       {@code p = min(1, 2·P(X ≤ min(b, c)))} for {@code X ~ Bin(b + c, 1/2)}.</li>
 *   <li>otherwise: χ² with 1 degree of freedom and continuity correction,
 *       {@code (max(0, |b − c| − 1))² / (b + c)}. The correction is not allowed to overshoot: b = c
 *       gives 0 (and |b − c| = 1 gives 0), as in R's {@code mcnemar.test}.</li>
 *   <li>{@code b + c = 0}: no evidence either way, p = 1 (reported as exact).</li>
 * </ul>
 */
public final class McNemarTest {
    /** Below this many discordant pairs the χ² approximation is poor, so the exact test is used. */
    public static final int EXACT_BELOW = 25;

    private static final ChiSquaredDistribution CHI2_1 = ChiSquaredDistribution.of(1);

    private McNemarTest() {
    }

    /** The test on per-row correctness of two classifiers over the same rows. */
    public static McNemarResult test(boolean[] firstCorrect, boolean[] secondCorrect) {
        if (firstCorrect == null || secondCorrect == null) {
            throw new IllegalArgumentException("both correctness arrays are required");
        }
        if (firstCorrect.length != secondCorrect.length) {
            throw new IllegalArgumentException("the first classifier has " + firstCorrect.length
                    + " rows, the second " + secondCorrect.length + "; McNemar's test needs paired rows");
        }
        int b = 0;
        int c = 0;
        for (int i = 0; i < firstCorrect.length; i++) {
            if (firstCorrect[i] && !secondCorrect[i]) {
                b++;
            } else if (secondCorrect[i] && !firstCorrect[i]) {
                c++;
            }
        }
        return test(b, c);
    }

    /** The test on the discordant counts b (only the first right) and c (only the second right). */
    public static McNemarResult test(int onlyFirstCorrect, int onlySecondCorrect) {
        int b = onlyFirstCorrect;
        int c = onlySecondCorrect;
        if (b < 0 || c < 0) {
            throw new IllegalArgumentException("discordant counts must be non-negative, got b=" + b + ", c=" + c);
        }
        long n = (long) b + c;
        if (n == 0) {
            return new McNemarResult(b, c, 0.0, 1.0, true);
        }
        if (n < EXACT_BELOW) {
            int k = Math.min(b, c);
            double p = Math.min(1.0, 2 * BinomialDistribution.of((int) n, 0.5).cumulativeProbability(k));
            return new McNemarResult(b, c, k, p, true);
        }
        double excess = Math.max(0, Math.abs((long) b - c) - 1);
        double statistic = excess * excess / n;
        return new McNemarResult(b, c, statistic, CHI2_1.survivalProbability(statistic), false);
    }
}
