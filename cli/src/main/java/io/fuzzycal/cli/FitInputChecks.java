package io.fuzzycal.cli;

import io.fuzzycal.calibration.CalibrationSet;
import java.nio.file.Path;
import java.util.BitSet;

/**
 * Bounds of the offline fitting commands, checked before any work: what used to end in an
 * OutOfMemoryError or NegativeArraySizeException (a 70,000-class CSV, {@code --bins 2000000000}), or
 * in a silently meaningless calibrator (temperature 3.06e6 fitted on one row, a single class).
 */
final class FitInputChecks {
    /** Fewer labelled rows than this fit noise; the study's windows hold thousands. */
    static final int MIN_FIT_ROWS = 10;
    /** Dirichlet and fuzzy calibrators hold C×C matrices: 1,000 classes are a million parameters each. */
    static final int MAX_CLASSES = 1_000;
    static final int MAX_BINS = 10_000;
    static final int MAX_BOOTSTRAP = 100_000;

    private FitInputChecks() {
    }

    /** Refuses to fit on {@code data} (from {@code file}) when the result could only be noise or too large to hold. */
    static void requireFittable(Path file, CalibrationSet data) {
        requireClasses(file, data);
        if (data.size() < MIN_FIT_ROWS) {
            throw new IllegalArgumentException(file + ": only " + data.size() + " labelled rows; fitting needs at least "
                    + MIN_FIT_ROWS);
        }
        BitSet seen = new BitSet(data.numClasses());
        for (int i = 0; i < data.size(); i++) {
            seen.set(data.label(i));
        }
        if (seen.cardinality() < 2) {
            throw new IllegalArgumentException(file + ": every row has label " + seen.nextSetBit(0)
                    + "; fitting needs at least two classes among the labels");
        }
    }

    static void requireClasses(Path file, CalibrationSet data) {
        if (data.numClasses() > MAX_CLASSES) {
            throw new IllegalArgumentException(file + ": " + data.numClasses() + " classes; fitting and comparing support at most "
                    + MAX_CLASSES);
        }
    }

    static void requireRange(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(option + " must be from " + min + " to " + max + ", got " + value);
        }
    }
}
