package io.fuzzycal.stream;

import io.fuzzycal.calibration.FittedCalibrator;

/**
 * The calibrator in use for a model. Version 0 is the one in use before any promotion: the
 * {@code --initial-calibrator} or the identity; promoted calibrators count from 1.
 */
record Champion(long version, FittedCalibrator calibrator) {
    String method() {
        return calibrator.method();
    }
}
