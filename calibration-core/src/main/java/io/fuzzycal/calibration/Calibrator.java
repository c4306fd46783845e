package io.fuzzycal.calibration;

/**
 * A calibration method: fits a {@link FittedCalibrator} on labelled model outputs.
 *
 * <p>Fitting is deterministic for a given seed. Every implementation guarantees that the fitted map
 * does not raise the negative log-likelihood of the fit data above the identity map's; when an
 * optimiser ends up worse (possible for objectives that trade NLL for calibration error) the
 * method's own identity parameters are returned instead.
 */
public interface Calibrator {

    /** The method name, as {@link CalibrationMethods} spells it. */
    String method();

    /**
     * Fits the method.
     *
     * @param data labelled rows
     * @param seed seed for every random choice the method makes (splits, shuffles)
     */
    FittedCalibrator fit(CalibrationSet data, long seed);
}
