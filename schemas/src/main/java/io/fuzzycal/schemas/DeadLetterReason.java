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
    INVALID_LABEL
}
