package io.fuzzycal.calibration;

/** Shared fit contract: labelled input, then the never-worse-than-identity guard on the fit data. */
abstract class AbstractCalibrator implements Calibrator {

    @Override
    public final FittedCalibrator fit(CalibrationSet data, long seed) {
        requireLabelled(data);
        return guarded(fitUnguarded(data, seed), data);
    }

    final void requireLabelled(CalibrationSet data) {
        if (!data.isLabelled()) {
            throw new IllegalArgumentException(method() + " needs labelled data to fit");
        }
    }

    /**
     * {@code fitted}, unless it has a higher NLL on the fit data than the identity, in which case the
     * method's identity map (objectives that trade NLL for calibration error can end up there).
     */
    final FittedCalibrator guarded(FittedCalibrator fitted, CalibrationSet data) {
        FittedCalibrator identity = identityLike(fitted);
        if (fitted.equals(identity)) {
            return fitted;
        }
        return LogSpace.meanNll(fitted, data) <= LogSpace.meanNll(identity, data) ? fitted : identity;
    }

    /** Fits without the guard. */
    abstract FittedCalibrator fitUnguarded(CalibrationSet data, long seed);

    /** This method's identity map, shaped like {@code fitted}. */
    abstract FittedCalibrator identityLike(FittedCalibrator fitted);
}
