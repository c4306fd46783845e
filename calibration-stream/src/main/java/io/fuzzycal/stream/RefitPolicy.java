package io.fuzzycal.stream;

import io.fuzzycal.calibration.CalibrationMethods;
import io.fuzzycal.calibration.MethodOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * When the calibration stream refits, on what, and when it lets a challenger replace the champion.
 *
 * @param method calibration method of the challenger, as {@link CalibrationMethods} names it
 * @param methodOptions options of that method
 * @param windowSize most labelled documents kept per model (the last ones)
 * @param windowMaxAge labelled documents older than this (by label time, against stream time) leave the window
 * @param refitEveryLabels refit after this many new labels ...
 * @param refitInterval ... or this long after the last refit when any label came since, whichever first
 * @param heldOutFraction share of the window, chosen by a hash of the document id, never fitted on and
 *     used to compare challenger and champion
 * @param minSamplesPerClass the fit slice must hold this many labels of every class
 * @param eceTolerance a challenger may not raise held-out ECE of any variant by more than this, where the
 *     held-out slice can tell (a paired bootstrap puts the rise above zero)
 * @param nllTolerance a challenger may not raise held-out NLL (nats) of any variant by more than this
 * @param maxChange largest mean total-variation distance between champion and challenger
 *     probabilities on the held-out FP32 predictions; a bigger jump is refused as suspicious. Not
 *     applied while the champion is the identity: the first calibrator of an over-confident model
 *     moves probabilities a lot, and the held-out comparison judges it
 * @param bins confidence bins of the ECE
 * @param perVariant fit one calibrator per variant on its own predictions (published as
 *     {@code model/VARIANT}) instead of one on FP32 for every variant (the research's transfer setting)
 */
public record RefitPolicy(String method, MethodOptions methodOptions, int windowSize, Duration windowMaxAge,
                          int refitEveryLabels, Duration refitInterval, double heldOutFraction, int minSamplesPerClass,
                          double eceTolerance, double nllTolerance, double maxChange, int bins,
                          boolean perVariant) {
    public RefitPolicy {
        method = CalibrationMethods.canonical(method);
        Objects.requireNonNull(methodOptions, "method options");
        Objects.requireNonNull(windowMaxAge, "window max age");
        Objects.requireNonNull(refitInterval, "refit interval");
        if (windowSize < 2 || refitEveryLabels < 1 || minSamplesPerClass < 1 || bins < 1) {
            throw new IllegalArgumentException("window size must be at least 2; refit-every-labels, minimum samples per"
                    + " class and bins at least 1");
        }
        if (windowMaxAge.isNegative() || windowMaxAge.isZero() || refitInterval.isNegative() || refitInterval.isZero()) {
            throw new IllegalArgumentException("window max age and refit interval must be positive");
        }
        if (!(heldOutFraction > 0 && heldOutFraction < 1)) {
            throw new IllegalArgumentException("held-out fraction must be between 0 and 1, got " + heldOutFraction);
        }
        if (!(eceTolerance >= 0) || !(nllTolerance >= 0) || !(maxChange > 0 && maxChange <= 1)) {
            throw new IllegalArgumentException("tolerances must be >= 0 and the maximum change in (0, 1]");
        }
    }

    /** The defaults of {@code fuzzycal calibrate-stream}. */
    public static RefitPolicy defaults() {
        return new RefitPolicy(CalibrationMethods.FUZZY, MethodOptions.defaults(), 5000, Duration.ofDays(7), 500,
                Duration.ofMinutes(10), 0.2, 20, 0.005, 0.005, 0.25, 15, false);
    }

    public RefitPolicy withMethod(String m) {
        return new RefitPolicy(m, methodOptions, windowSize, windowMaxAge, refitEveryLabels, refitInterval,
                heldOutFraction, minSamplesPerClass, eceTolerance, nllTolerance, maxChange, bins, perVariant);
    }

    public RefitPolicy withWindow(int size, Duration maxAge) {
        return new RefitPolicy(method, methodOptions, size, maxAge, refitEveryLabels, refitInterval,
                heldOutFraction, minSamplesPerClass, eceTolerance, nllTolerance, maxChange, bins, perVariant);
    }

    public RefitPolicy withTriggers(int everyLabels, Duration interval) {
        return new RefitPolicy(method, methodOptions, windowSize, windowMaxAge, everyLabels, interval,
                heldOutFraction, minSamplesPerClass, eceTolerance, nllTolerance, maxChange, bins, perVariant);
    }

    public RefitPolicy withGuards(int minPerClass, double eceTol, double nllTol, double change) {
        return new RefitPolicy(method, methodOptions, windowSize, windowMaxAge, refitEveryLabels, refitInterval,
                heldOutFraction, minPerClass, eceTol, nllTol, change, bins, perVariant);
    }

    public RefitPolicy withPerVariant(boolean fitPerVariant) {
        return new RefitPolicy(method, methodOptions, windowSize, windowMaxAge, refitEveryLabels, refitInterval,
                heldOutFraction, minSamplesPerClass, eceTolerance, nllTolerance, maxChange, bins, fitPerVariant);
    }
}
