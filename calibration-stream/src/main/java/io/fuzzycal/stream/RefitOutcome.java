package io.fuzzycal.stream;

import io.fuzzycal.schemas.avro.CalibratorModel;

/**
 * What one refit came to: a promoted calibrator, or the reason the challenger was rejected.
 *
 * @param key the calibrator's key in {@code calibration.models}: the model id, or {@code model/VARIANT}
 * @param promoted the new calibrator record, or null when rejected
 * @param rejection why it was rejected, or null when promoted
 * @param message one line for the log: scores, counts, limits
 */
record RefitOutcome(String key, CalibratorModel promoted, Rejection rejection, String message) {
    /** Why a challenger did not replace the champion. */
    enum Rejection {
        /** Too few labels of some class in the fit slice, or too few held out. */
        INSUFFICIENT_LABELS,
        /** The fit threw. */
        FIT_FAILED,
        /** Non-finite parameters or probabilities. */
        DEGENERATE,
        /** Held-out NLL or ECE of some variant got worse than the champion's beyond the tolerance. */
        WORSE_ON_HELD_OUT,
        /** The probabilities moved more than the maximum change per refit. */
        TOO_LARGE_CHANGE,
        /** Neither held-out NLL nor ECE of FP32 improved. */
        NOT_BETTER
    }

    static RefitOutcome promoted(String key, CalibratorModel model, String message) {
        return new RefitOutcome(key, model, null, message);
    }

    static RefitOutcome rejected(String key, Rejection rejection, String message) {
        return new RefitOutcome(key, null, rejection, message);
    }

    boolean isPromoted() {
        return promoted != null;
    }
}
