package io.fuzzycal.calibration;

/**
 * An immutable, fitted calibration map: turns a probability vector into a calibrated one.
 *
 * <p>Instances come from {@link Calibrator#fit} or from {@link CalibratorJson#read}. They are
 * thread-safe; {@link #calibrateLog} allocates nothing, so one instance can serve a hot stream.
 */
public sealed interface FittedCalibrator
        permits IdentityMap, TemperatureMap, VectorScalingMap, DirichletMap, FuzzyGatedMap, PriorCorrectedMap {

    /** The {@code uncalibrated} map for {@code numClasses} classes: the model's own probabilities. */
    static FittedCalibrator identity(int numClasses) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("a classifier has at least 2 classes, got " + numClasses);
        }
        return new IdentityMap(numClasses);
    }

    /** The method name, as {@link CalibrationMethods} spells it ({@code fuzzy}, {@code temperature+prior}, ...). */
    String method();

    int numClasses();

    /**
     * Calibrates one row.
     *
     * @param logProbs clipped log-probabilities of the model (see {@link CalibrationSet#LOG_FLOOR})
     * @param out receives the calibrated probabilities; length {@link #numClasses()}
     */
    void calibrateLog(double[] logProbs, double[] out);

    /** Every fitted number, flattened in a fixed order; used for guards and change limits. */
    double[] parameterVector();

    /** Calibrates one probability vector (validated like a {@link CalibrationSet} row). */
    default double[] calibrate(double[] probabilities) {
        double[] logs = CalibrationSet.logOfProbabilities(probabilities, 0, numClasses());
        double[] out = new double[numClasses()];
        calibrateLog(logs, out);
        return out;
    }

    /** Calibrated probabilities for every row of {@code data}. */
    default double[][] calibrate(CalibrationSet data) {
        requireClasses(data);
        double[][] out = new double[data.size()][numClasses()];
        for (int i = 0; i < data.size(); i++) {
            calibrateLog(data.logRow(i), out[i]);
        }
        return out;
    }

    /** The calibrated rows as a new set, keeping the labels (so maps can be chained and scored). */
    default CalibrationSet apply(CalibrationSet data) {
        double[][] p = calibrate(data);
        return CalibrationSet.ofProbabilities(p, data.isLabelled() ? data.labels() : null);
    }

    private void requireClasses(CalibrationSet data) {
        if (data.numClasses() != numClasses()) {
            throw new IllegalArgumentException("calibrator has " + numClasses() + " classes but data has "
                    + data.numClasses());
        }
    }
}
