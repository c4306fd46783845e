package io.fuzzycal.calibration;

/** The {@code uncalibrated} method: the identity map, the baseline every other method must beat. */
final class Uncalibrated extends AbstractCalibrator {
    @Override
    public String method() {
        return CalibrationMethods.UNCALIBRATED;
    }

    @Override
    FittedCalibrator fitUnguarded(CalibrationSet data, long seed) {
        return new IdentityMap(data.numClasses());
    }

    @Override
    FittedCalibrator identityLike(FittedCalibrator fitted) {
        return fitted;
    }
}
