package io.fuzzycal.calibration.metrics;

/**
 * Every metric of {@link CalibrationMeasures} for one set of predictions, computed with one bin count.
 *
 * @param n            number of rows
 * @param ece          top-label ECE, equal-width bins
 * @param equalMassEce top-label ECE, equal-mass bins
 * @param classwiseEce classwise ECE (Kull et al. 2019), equal-width bins
 * @param mce          maximum calibration error over non-empty equal-width bins
 * @param brier        multiclass Brier score, in [0, 2]
 * @param nll          mean negative log-likelihood, probabilities floored at {@code PROB_FLOOR}
 * @param accuracy     fraction of rows whose argmax is the label
 */
public record MetricReport(int n, double ece, double equalMassEce, double classwiseEce, double mce, double brier,
                           double nll, double accuracy) {
}
