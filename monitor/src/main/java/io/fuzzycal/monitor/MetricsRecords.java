package io.fuzzycal.monitor;

import io.fuzzycal.schemas.avro.CalibrationMetrics;
import io.fuzzycal.schemas.avro.DriftAlert;
import io.fuzzycal.schemas.avro.ReliabilityBin;
import io.fuzzycal.schemas.avro.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Builds the Avro records the monitor writes; NaN (unknown) becomes null in optional fields. */
final class MetricsRecords {
    /** The {@code window} value and metrics label of the hopping time windows. */
    static final String TIME = "time";
    /** The {@code window} value and metrics label of the count window. */
    static final String COUNT = "count";

    private MetricsRecords() {
    }

    /**
     * Signals that involve more than one series of the window; NaN where they do not apply.
     *
     * @param psi predicted-class PSI against the reference window
     * @param transferGap ECE(INT4) − ECE(FP32) at this stage
     * @param gain ECE(raw) − ECE(calibrated) of this variant
     * @param disagreement FP32/INT4 disagreement rate
     */
    record Derived(double psi, double transferGap, double gain, double disagreement) {
        static final Derived NONE = new Derived(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    static CalibrationMetrics metrics(String model, Series series, String window, long start, long end,
                                      WindowReport r, Derived d) {
        List<ReliabilityBin> bins = new ArrayList<>(r.reliability().size());
        for (WindowReport.Bin b : r.reliability()) {
            bins.add(ReliabilityBin.newBuilder().setLower(b.lower()).setUpper(b.upper()).setCount(b.count())
                    .setMeanConfidence(opt(b.meanConfidence())).setAccuracy(opt(b.accuracy())).build());
        }
        return CalibrationMetrics.newBuilder().setModelId(model).setVariant(series.variant()).setStage(series.stage())
                .setWindow(window).setWindowStart(Instant.ofEpochMilli(start)).setWindowEnd(Instant.ofEpochMilli(end))
                .setEce(r.ece()).setClasswiseEce(r.classwiseEce()).setMce(r.mce()).setBrier(r.brier())
                .setNll(r.nll()).setAccuracy(r.accuracy()).setN(r.n()).setReliability(bins)
                .setEqualMassEce(opt(r.equalMassEce())).setEceLower(opt(r.eceLower())).setEceUpper(opt(r.eceUpper()))
                .setPredictions(r.predictions()).setMeanConfidence(opt(r.meanConfidence()))
                .setEstimatedAccuracy(opt(r.estimatedAccuracy())).setEstimatedEce(opt(r.estimatedEce()))
                .setPsi(opt(d.psi())).setTransferGapEce(opt(d.transferGap())).setCalibrationGainEce(opt(d.gain()))
                .setDisagreement(opt(d.disagreement())).setCalibratorVersion(r.calibratorVersion()).build();
    }

    static DriftAlert alert(String model, Series series, String metric, double value, double threshold, long end,
                            boolean cleared, boolean significant) {
        String message = cleared
                ? String.format(Locale.ROOT, "%s %s %s: %s is back to %.4f, below %.4f (cleared) in the window ending %s",
                        model, series.variant(), series.stage(), metric, value, threshold, Instant.ofEpochMilli(end))
                : String.format(Locale.ROOT, "%s %s %s: %s is %.4f, above its threshold %.4f in the window ending %s%s",
                        model, series.variant(), series.stage(), metric, value, threshold, Instant.ofEpochMilli(end),
                        significant ? " (significant against the reference window)" : "");
        return DriftAlert.newBuilder().setModelId(model).setVariant(series.variant()).setStage(series.stage())
                .setMetric(metric).setValue(value).setThreshold(threshold).setWindowEnd(Instant.ofEpochMilli(end))
                .setSeverity(cleared ? Severity.INFO : Severity.WARNING).setMessage(message).setCleared(cleared)
                .setSignificant(significant).build();
    }

    private static Double opt(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
