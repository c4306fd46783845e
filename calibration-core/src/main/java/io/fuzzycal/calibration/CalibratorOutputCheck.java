package io.fuzzycal.calibration;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Validates a calibrator by what it produces, not by its fields: finite fields can still overflow
 * (a temperature of 4.9e-324, weights of 1e308) or gate to 0/0 (fuzzy widths of 1e-200) and turn
 * every output into NaN. {@link #requireSafe} probes the calibrator on the corners of the input box
 * (every log-probability at 0 or at {@link CalibrationSet#LOG_FLOOR}, where an affine map in log
 * space is largest in magnitude) and on a grid of confidences per class; {@link #problem} is the
 * guard for every single output, for what the probes cannot cover.
 */
public final class CalibratorOutputCheck {
    /** How far from 1 a calibrated row may sum. */
    public static final double SUM_TOLERANCE = 1e-6;
    private static final int MAX_CORNERS = 1 << 10;
    private static final int MAX_DOMINANT_CLASSES = 64;

    private CalibratorOutputCheck() {
    }

    /**
     * Returns {@code map} when every probe gives finite probabilities in [0, 1] summing to 1.
     *
     * @throws IllegalArgumentException naming the first probe that failed and what came out
     */
    public static FittedCalibrator requireSafe(FittedCalibrator map) {
        for (double v : map.parameterVector()) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("the calibrator has a non-finite parameter (" + v + ")");
            }
        }
        int c = map.numClasses();
        double[] out = new double[c];
        double[] logs = new double[c];
        // corners of [LOG_FLOOR, 0]^c: all of them for up to 10 classes, a fixed sample beyond
        SplittableRandom random = new SplittableRandom(42);
        int corners = c <= 10 ? 1 << c : MAX_CORNERS;
        for (int i = 0; i < corners; i++) {
            for (int k = 0; k < c; k++) {
                boolean atZero = c <= 10 ? (i >> k & 1) == 1 : random.nextBoolean();
                logs[k] = atZero ? 0 : CalibrationSet.LOG_FLOOR;
            }
            probe(map, logs, out);
        }
        // valid probability rows: one class at confidence q, the rest sharing 1 - q
        double[] confidences = {1.0 / c, 0.2, 0.34, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999, 1 - 1e-6, 1 - 1e-9, 1 - 1e-12};
        for (int dominant = 0; dominant < Math.min(c, MAX_DOMINANT_CLASSES); dominant++) {
            for (double q : confidences) {
                double confidence = Math.max(q, 1.0 / c);
                double rest = (1 - confidence) / (c - 1);
                for (int k = 0; k < c; k++) {
                    logs[k] = Math.max(Math.log(k == dominant ? confidence : rest), CalibrationSet.LOG_FLOOR);
                }
                probe(map, logs, out);
            }
        }
        for (int g = 0; g <= 100; g++) { // the fuzzy gate: confidence from 1/c to 1 in fine steps
            double confidence = 1.0 / c + (1 - 1.0 / c) * g / 100.0;
            Arrays.fill(logs, Math.max(Math.log(Math.max((1 - confidence) / (c - 1), 0)), CalibrationSet.LOG_FLOOR));
            logs[g % c] = Math.log(confidence);
            probe(map, logs, out);
        }
        return map;
    }

    /** Why {@code probabilities} is not a calibrated row (non-finite, outside [0, 1], not summing to 1), or null. */
    public static String problem(double[] probabilities) {
        double sum = 0;
        for (double p : probabilities) {
            if (!(p >= 0 && p <= 1)) { // NaN fails both
                return "the calibrator produced " + p;
            }
            sum += p;
        }
        if (Math.abs(sum - 1) > SUM_TOLERANCE) {
            return "the calibrator produced probabilities summing to " + sum;
        }
        return null;
    }

    private static void probe(FittedCalibrator map, double[] logs, double[] out) {
        map.calibrateLog(logs, out);
        String problem = problem(out);
        if (problem != null) {
            throw new IllegalArgumentException("unusable calibrator: on the input log-probabilities "
                    + shortly(logs) + " " + problem + " (" + map.method() + " parameters out of range)");
        }
    }

    private static String shortly(double[] values) {
        if (values.length <= 6) {
            return Arrays.toString(values);
        }
        return Arrays.toString(Arrays.copyOf(values, 6)).replace("]", ", ... (" + values.length + " classes)]");
    }
}
