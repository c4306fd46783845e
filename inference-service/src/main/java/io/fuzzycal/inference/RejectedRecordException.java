package io.fuzzycal.inference;

/** A record that cannot be scored; its reason goes into the dead-letter headers. */
final class RejectedRecordException extends Exception {
    /** Why a record was rejected; the header value is the enum name. */
    enum Reason { EMPTY_VALUE, EMPTY_TEXT, OVERSIZED_TEXT, UNDECODABLE_BYTES, INVALID_JSON, INVALID_AVRO }

    private final Reason reason;

    RejectedRecordException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }
}
