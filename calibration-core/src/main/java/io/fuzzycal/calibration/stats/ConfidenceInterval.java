package io.fuzzycal.calibration.stats;

/**
 * A bootstrap confidence interval.
 *
 * @param estimate  the statistic on the full data (not the bootstrap mean)
 * @param lower     the {@code (1 − level)/2} quantile of the resampled statistics
 * @param upper     the {@code (1 + level)/2} quantile of the resampled statistics
 * @param level     nominal coverage, in (0, 1)
 * @param resamples number of bootstrap resamples
 */
public record ConfidenceInterval(double estimate, double lower, double upper, double level, int resamples) {
}
