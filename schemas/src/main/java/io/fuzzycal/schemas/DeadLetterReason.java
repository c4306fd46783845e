package io.fuzzycal.schemas;

/** Why a record went to a dead-letter topic: the value of {@link DeadLetterHeaders#REASON}. */
public enum DeadLetterReason {
    /** Not a readable record of the expected type. */
    MALFORMED,
    /** A label for a document id with no prediction in the join window. */
    UNMATCHED,
    /** A label that came after the label delay. */
    LATE,
    /** A label index out of range, an unknown class name, or the two disagreeing. */
    INVALID_LABEL,
    /**
     * Larger than {@link DeadLetterSize#MAX_BYTES}: not processed, since what a topology writes for it
     * could exceed the producer's limit and stop the application; its dead letter keeps only a prefix.
     */
    TOO_LARGE
}
