package io.fuzzycal.calibration;

/**
 * A row of input that cannot be calibrated (NaN, negative or non-normalised probabilities, a label
 * out of range). Carries the 0-based row index so that readers can translate it into a line number.
 */
public final class InvalidRowException extends IllegalArgumentException {
    private final int row;
    private final String reason;

    public InvalidRowException(int row, String reason) {
        super("row " + (row + 1) + ": " + reason);
        this.row = row;
        this.reason = reason;
    }

    /** 0-based index of the offending row. */
    public int row() {
        return row;
    }

    /** The problem, without the row prefix. */
    public String reason() {
        return reason;
    }
}
