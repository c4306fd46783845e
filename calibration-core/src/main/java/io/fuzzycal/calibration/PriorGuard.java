package io.fuzzycal.calibration;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Refuses prior corrections that are likely to hurt (issue 14: EM on uncalibrated posteriors took
 * π̂(Bullish) to 0.01 against 0.28 true and raised ECE from 0.189 to 0.309). Three checks:
 * <ol>
 *   <li>at fit time, the estimator run on the fit data without labels must recover their label prior;</li>
 *   <li>at fit time, the correction so estimated must not raise the NLL of the labelled fit data;</li>
 *   <li>at apply time, the estimated shift must be significant: some class's prior must differ from
 *       the source's by more than z combined standard errors (bootstrap over the target rows, and the
 *       same estimator bootstrapped over the fit rows at fit time — binomial over the source labels
 *       for calibrators from before that), z for a two-sided 5% level Bonferroni-corrected over the
 *       C classes (2.39 for 3): with plain 1.96, 4–7 of 60 study halves with no shift at all
 *       passed, and a wrongly passed correction cost up to 0.03 test NLL.</li>
 * </ol>
 * A refusal keeps the base map's output (the target prior is set to the source prior) and is
 * reported, never silent.
 */
final class PriorGuard {
    /** Largest error of the estimate of the fit data's own prior that still counts as recovered. */
    static final double RECOVERY_TOLERANCE = 0.05;
    /** Largest NLL increase (nats) on the labelled fit data that is not counted as harm. */
    static final double NLL_TOLERANCE = 1e-3;
    static final double LEVEL = 0.05;
    static final int BOOTSTRAP = 200;

    private PriorGuard() {
    }

    /** Checks 1 and 2; {@code null} when they pass, otherwise the reason. */
    static String fitTimeRefusal(TargetPrior.Kind kind, double[][] posteriors, int[] labels, double[] sourcePrior,
                                 double[] confusion) {
        return fitTimeRefusal(kind, posteriors, labels, sourcePrior, confusion, RECOVERY_TOLERANCE, NLL_TOLERANCE);
    }

    /** Checks 1 and 2 with explicit tolerances (tests reach each check on its own this way). */
    static String fitTimeRefusal(TargetPrior.Kind kind, double[][] posteriors, int[] labels, double[] sourcePrior,
                                 double[] confusion, double recoveryTolerance, double nllTolerance) {
        int c = sourcePrior.length;
        double[] estimate = estimate(kind, posteriors, sourcePrior, confusion, null);
        if (estimate == null) {
            return "the fit data's confusion matrix is singular, so the target prior cannot be estimated";
        }
        double[] truth = frequencies(labels, c);
        double err = 0;
        for (int k = 0; k < c; k++) {
            err = Math.max(err, Math.abs(estimate[k] - truth[k]));
        }
        if (err > recoveryTolerance) {
            return String.format(Locale.ROOT, "%s does not recover the fit data's own label prior without labels"
                    + " (estimated %s, true %s)", name(kind), fmt(estimate), fmt(truth));
        }
        double before = 0;
        double after = 0;
        double[] q = new double[c];
        for (int r = 0; r < labels.length; r++) {
            double s = 0;
            for (int k = 0; k < c; k++) {
                q[k] = posteriors[r][k] * estimate[k] / sourcePrior[k];
                s += q[k];
            }
            int y = labels[r];
            before -= Math.log(Math.max(posteriors[r][y], 1e-300));
            after -= Math.log(Math.max(q[y] / s, 1e-300));
        }
        double rise = (after - before) / labels.length;
        if (rise > nllTolerance) {
            return String.format(Locale.ROOT, "the correction %s estimates on the fit data raises their NLL by %.4f",
                    name(kind), rise);
        }
        return null;
    }

    /** The target prior by EM or BBSE from target posteriors (rows weighted by {@code counts}, or all once). */
    static double[] estimate(TargetPrior.Kind kind, double[][] posteriors, double[] sourcePrior, double[] confusion,
                             int[] counts) {
        return switch (kind) {
            case BBSE -> BbseEstimator.estimate(confusion, BbseEstimator.meanPosterior(posteriors, counts));
            case EM -> PriorCorrection.estimateByEm(counts == null ? posteriors : expand(posteriors, counts),
                    sourcePrior).prior();
            default -> throw new IllegalArgumentException("no unsupervised estimator for " + kind);
        };
    }

    /**
     * Per class, the variance of the estimate over bootstrap resamples of these rows (the estimator's
     * fit-time state held fixed); {@code null} if too few resamples could be estimated. At fit time on
     * the fit rows it is the source side of check 3, at apply time on the target rows its target side.
     */
    static double[] spread(TargetPrior.Kind kind, double[][] posteriors, double[] sourcePrior,
                          double[] confusion, long seed) {
        int c = sourcePrior.length;
        int n = posteriors.length;
        double[] sum = new double[c];
        double[] sumSq = new double[c];
        SplittableRandom random = new SplittableRandom(seed);
        int[] counts = new int[n];
        int ok = 0;
        for (int b = 0; b < BOOTSTRAP; b++) {
            Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                counts[random.nextInt(n)]++;
            }
            double[] e = estimate(kind, posteriors, sourcePrior, confusion, counts);
            if (e == null) {
                continue;
            }
            ok++;
            for (int k = 0; k < c; k++) {
                sum[k] += e[k];
                sumSq[k] += e[k] * e[k];
            }
        }
        if (ok < 2) {
            return null;
        }
        double[] var = new double[c];
        for (int k = 0; k < c; k++) {
            double mean = sum[k] / ok;
            var[k] = Math.max(0, (sumSq[k] - ok * mean * mean) / (ok - 1));
        }
        return var;
    }

    /** Check 3; {@code null} when the shift is significant, otherwise the reason. */
    static String insignificance(TargetPrior.Kind kind, double[][] posteriors, double[] sourcePrior, int sourceRows,
                                 double[] sourceSpread, double[] confusion, double[] estimate, long seed) {
        int c = sourcePrior.length;
        double[] targetSpread = spread(kind, posteriors, sourcePrior, confusion, seed);
        if (targetSpread == null) {
            return "the bootstrap could not estimate the prior's spread";
        }
        double best = 0;
        for (int k = 0; k < c; k++) {
            double varTarget = targetSpread[k];
            double varSource = sourceSpread != null ? sourceSpread[k]
                    : sourceRows > 0 ? sourcePrior[k] * (1 - sourcePrior[k]) / sourceRows : 0;
            double z = Math.abs(estimate[k] - sourcePrior[k]) / Math.sqrt(varTarget + varSource + 1e-300);
            best = Math.max(best, z);
        }
        double z = criticalZ(c);
        if (best <= z) {
            return String.format(Locale.ROOT, "the estimated shift is not significant (largest |z| %.2f <= %.2f;"
                    + " estimated %s, source %s)", best, z, fmt(estimate), fmt(sourcePrior));
        }
        return null;
    }

    /** Two-sided {@link #LEVEL}, Bonferroni over the classes. */
    static double criticalZ(int classes) {
        return NormalDistribution.of(0, 1).inverseSurvivalProbability(LEVEL / (2.0 * classes));
    }

    static double[] frequencies(int[] labels, int c) {
        double[] f = new double[c];
        for (int y : labels) {
            f[y] += 1.0 / labels.length;
        }
        return f;
    }

    private static double[][] expand(double[][] rows, int[] counts) {
        int total = 0;
        for (int k : counts) {
            total += k;
        }
        double[][] out = new double[total][];
        int at = 0;
        for (int r = 0; r < rows.length; r++) {
            for (int j = 0; j < counts[r]; j++) {
                out[at++] = rows[r];
            }
        }
        return out;
    }

    private static String name(TargetPrior.Kind kind) {
        return kind.name();
    }

    static String fmt(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.3f", v[i]));
        }
        return sb.append(']').toString();
    }
}
