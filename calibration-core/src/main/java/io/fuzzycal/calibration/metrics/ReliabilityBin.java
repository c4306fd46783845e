package io.fuzzycal.calibration.metrics;

/**
 * One equal-width confidence bin of a reliability diagram: rows whose top-label confidence falls in
 * {@code [lower, upper)} (the last bin also holds confidence 1.0).
 *
 * @param index          0-based bin index
 * @param lower          lower edge, {@code index / bins}
 * @param upper          upper edge, {@code (index + 1) / bins}
 * @param count          rows in the bin; 0 for an empty bin
 * @param meanConfidence mean top-label confidence of those rows; NaN for an empty bin
 * @param accuracy       fraction of those rows whose predicted class is the label; NaN for an empty bin
 */
public record ReliabilityBin(int index, double lower, double upper, int count, double meanConfidence, double accuracy) {
}
