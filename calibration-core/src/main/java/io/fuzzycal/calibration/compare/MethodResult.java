package io.fuzzycal.calibration.compare;

import io.fuzzycal.calibration.metrics.MetricReport;
import io.fuzzycal.calibration.metrics.ReliabilityBin;
import io.fuzzycal.calibration.stats.ConfidenceInterval;
import io.fuzzycal.calibration.stats.McNemarResult;
import java.util.List;

/**
 * One method's scores on the test set.
 *
 * @param method the name as requested ({@code fuzzy}, {@code prior}, {@code temperature+prior}, ...)
 * @param metrics every metric of the calibrated test probabilities
 * @param eceInterval bootstrap interval of the ECE, or {@code null} when resampling was off
 * @param eceChange paired-bootstrap interval of ECE(this method) − ECE(uncalibrated) on the same
 *     resampled rows, or {@code null} when resampling was off
 * @param versusUncalibrated McNemar's test of this method's top-label correctness against the
 *     uncalibrated probabilities' (first = this method)
 * @param reliability the reliability-diagram table
 * @param targetPrior the class prior the map corrects to (estimated on the test set without labels for
 *     {@code +prior} with {@code bbse} or {@code em}), or {@code null} for methods without prior correction
 * @param priorRefusal why the prior guard refused the correction (the base map's output was scored),
 *     or {@code null}
 */
public record MethodResult(String method, MetricReport metrics, ConfidenceInterval eceInterval, ConfidenceInterval eceChange,
                           McNemarResult versusUncalibrated, List<ReliabilityBin> reliability, double[] targetPrior,
                           String priorRefusal) {
    public MethodResult {
        reliability = List.copyOf(reliability);
        targetPrior = targetPrior == null ? null : targetPrior.clone();
    }

    @Override
    public double[] targetPrior() {
        return targetPrior == null ? null : targetPrior.clone();
    }
}
