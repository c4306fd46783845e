package io.fuzzycal.monitor;

/**
 * When the monitor raises and clears a {@code DriftAlert}. A metric raises its alert when its value
 * goes above the threshold, and clears it only once it is back below {@code threshold × clearRatio}
 * (hysteresis: a value hovering at the threshold raises one alert, not one per window).
 *
 * @param ece calibrated ECE of a variant
 * @param transferGap ECE(INT4) − ECE(FP32) of the calibrated probabilities
 * @param disagreement FP32/INT4 argmax disagreement rate
 * @param psi predicted-class PSI against the reference window, per variant and stage
 * @param clearRatio in (0, 1]
 * @param minSamples labelled predictions a window needs before its label-based metrics can raise or clear
 */
public record AlertThresholds(double ece, double transferGap, double disagreement, double psi, double clearRatio,
                              long minSamples) {
    public AlertThresholds {
        if (!(clearRatio > 0 && clearRatio <= 1) || minSamples < 0) {
            throw new IllegalArgumentException("clear ratio must be in (0, 1] and min samples not negative");
        }
    }

    /** ECE 0.05, transfer gap 0.02, disagreement 0.10, PSI 0.25 (the usual "significant shift"); clear at 80%. */
    public static AlertThresholds defaults() {
        return new AlertThresholds(0.05, 0.02, 0.10, 0.25, 0.8, 100);
    }
}
