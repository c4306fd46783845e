package io.fuzzycal.calibration.stats;

import io.fuzzycal.calibration.InvalidRowException;
import io.fuzzycal.calibration.metrics.CalibrationMeasures;
import io.fuzzycal.calibration.metrics.Metric;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Percentile bootstrap intervals for the metrics of {@link CalibrationMeasures}.
 *
 * <p>Each resample draws N row indices uniformly with replacement from a
 * {@link SplittableRandom} seeded with {@code seed}, so the same inputs and seed always give the same
 * interval. A resample is a table of references to the original rows (no probability row is
 * copied). The bounds are the {@code (1 − level)/2} and {@code (1 + level)/2} quantiles of the
 * sorted resampled statistics {@code s_0 ≤ … ≤ s_{R−1}}, linearly interpolated between order
 * statistics: {@code h = (R − 1)·q}, {@code Q(q) = s_⌊h⌋ + (h − ⌊h⌋)·(s_⌊h⌋+1 − s_⌊h⌋)} (Hyndman
 * and Fan type 7, the default of R and NumPy).
 *
 * <p>Inputs are validated once up front, so an error names a row of the caller's data; the metric
 * re-validates each resample (the unchecked kernels are package-private to the metrics package),
 * which costs about as much again as an O(N·C) metric.
 */
public final class Bootstrap {
    private Bootstrap() {
    }

    /** Percentile bootstrap interval of {@code metric} on {@code (p, y)}; estimate = metric on all rows. */
    public static ConfidenceInterval interval(double[][] p, int[] y, Metric metric, int bins, int resamples,
                                              double level, long seed) {
        CalibrationMeasures.validate(p, y);
        requireSettings(metric, resamples, level);
        double estimate = metric.compute(p, y, bins);
        double[][] rows = new double[p.length][];
        int[] labels = new int[p.length];
        double[] stats = resample(y.length, resamples, seed, index -> {
            for (int j = 0; j < index.length; j++) {
                rows[j] = p[index[j]];
                labels[j] = y[index[j]];
            }
            return metric.compute(rows, labels, bins);
        });
        return percentileInterval(estimate, stats, level);
    }

    /**
     * Paired bootstrap interval of {@code metric(first) − metric(second)}: both are scored on the
     * same resampled row indices, so per-row difficulty cancels. The two models must score the same
     * rows over the same classes.
     */
    public static ConfidenceInterval pairedDifference(double[][] first, double[][] second, int[] y, Metric metric,
                                                      int bins, int resamples, double level, long seed) {
        validateNamed(first, y, "first");
        validateNamed(second, y, "second");
        if (first[0].length != second[0].length) {
            throw new IllegalArgumentException("first has " + first[0].length + " classes, second has "
                    + second[0].length);
        }
        requireSettings(metric, resamples, level);
        double estimate = metric.compute(first, y, bins) - metric.compute(second, y, bins);
        int n = y.length;
        double[][] rowsA = new double[n][];
        double[][] rowsB = new double[n][];
        int[] labels = new int[n];
        double[] stats = resample(n, resamples, seed, index -> {
            for (int j = 0; j < n; j++) {
                rowsA[j] = first[index[j]];
                rowsB[j] = second[index[j]];
                labels[j] = y[index[j]];
            }
            return metric.compute(rowsA, labels, bins) - metric.compute(rowsB, labels, bins);
        });
        return percentileInterval(estimate, stats, level);
    }

    /** The statistic of each of {@code resamples} draws of n row indices with replacement. */
    private static double[] resample(int n, int resamples, long seed, ToDoubleFunction<int[]> statistic) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] index = new int[n];
        double[] stats = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            for (int j = 0; j < n; j++) {
                index[j] = random.nextInt(n);
            }
            stats[r] = statistic.applyAsDouble(index);
        }
        return stats;
    }

    /** Validates one model's rows, saying which model a bad row belongs to. */
    private static void validateNamed(double[][] p, int[] y, String which) {
        try {
            CalibrationMeasures.validate(p, y);
        } catch (InvalidRowException e) {
            throw new InvalidRowException(e.row(), which + " probabilities: " + e.reason());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(which + " probabilities: " + e.getMessage(), e);
        }
    }

    private static void requireSettings(Metric metric, int resamples, double level) {
        if (metric == null) {
            throw new IllegalArgumentException("a metric is required");
        }
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be at least 1, got " + resamples);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), got " + level);
        }
    }

    private static ConfidenceInterval percentileInterval(double estimate, double[] stats, double level) {
        Arrays.sort(stats);
        return new ConfidenceInterval(estimate, quantile(stats, (1 - level) / 2), quantile(stats, (1 + level) / 2),
                level, stats.length);
    }

    /** Type-7 quantile of sorted values. */
    static double quantile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        if (lo >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
    }
}
