package io.fuzzycal.cli;

import io.fuzzycal.calibration.CalibrationSet;
import java.nio.file.Path;
import java.util.BitSet;

/**
 * Bounds of the offline fitting commands, checked before any work: what used to end in an
 * OutOfMemoryError or NegativeArraySizeException (a 70,000-class CSV, {@code --bins 2000000000}), or
 * in a silently meaningless calibrator (temperature 3.06e6 fitted on one row, a single class).
 * Lower bounds of options stay with the settings that define them.
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

    /**
     * Refuses to fit on {@code data} (from {@code file}) when the result could only be meaningless (one
     * class among the labels) or too large to hold; returns a warning for too few rows, else null.
     */
    static String requireFittable(Path file, CalibrationSet data) {
        requireClasses(file, data);
        BitSet seen = new BitSet(data.numClasses());
        for (int i = 0; i < data.size(); i++) {
            seen.set(data.label(i));
        }
        if (seen.cardinality() < 2) {
            throw new InvalidInputException(file + ": every row has label " + seen.nextSetBit(0)
                    + "; fitting needs at least two classes among the labels");
        }
        return data.size() >= MIN_FIT_ROWS ? null : "warning: " + file + " has only " + data.size()
                + " labelled rows; a calibrator fitted on fewer than " + MIN_FIT_ROWS + " mostly follows noise";
    }

    static void requireClasses(Path file, CalibrationSet data) {
        if (data.numClasses() > MAX_CLASSES) {
            throw new InvalidInputException(file + ": " + data.numClasses() + " classes; fitting and comparing support at most "
                    + MAX_CLASSES);
        }
    }

    static void requireAtMost(String option, int value, int max) {
        if (value > max) {
            throw new InvalidInputException(option + " must be at most " + max + ", got " + value);
        }
    }
}
