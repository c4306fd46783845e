package io.fuzzycal.schemas.feedback;

import io.fuzzycal.schemas.DeadLetterReason;
import java.time.Duration;
import java.util.Objects;

/**
 * When a label counts for a prediction, the same in every service that joins labels: a label
 * matches the predictions of its document made at most {@code labelDelay} before it (by record
 * time); predictions are kept {@code labelGrace} longer, so that a label coming after the delay is
 * told apart (late) from one for a document never predicted (unmatched). The grace is also the
 * clock skew allowed the other way: a prediction up to {@code labelGrace} after its label matches.
 *
 * @param labelDelay the longest a label may come after its prediction; positive
 * @param labelGrace extra time predictions are kept; not negative
 */
public record LabelTiming(Duration labelDelay, Duration labelGrace) {
    public LabelTiming {
        Objects.requireNonNull(labelDelay, "label delay");
        Objects.requireNonNull(labelGrace, "label grace");
        if (labelDelay.isNegative() || labelDelay.isZero() || labelGrace.isNegative()) {
            throw new IllegalArgumentException("label delay must be positive and label grace not negative");
        }
    }

    /** How long predictions wait for their label. */
    public Duration retention() {
        return labelDelay.plus(labelGrace);
    }

    /** Earliest prediction time to look at for a label at {@code labelledAt}. */
    public long searchFrom(long labelledAt) {
        return Math.max(0, labelledAt - retention().toMillis());
    }

    /** Latest prediction time to look at for a label at {@code labelledAt}. */
    public long searchTo(long labelledAt) {
        return labelledAt + labelGrace.toMillis();
    }

    /** Whether a prediction at {@code predictedAt} is recent enough for a label at {@code labelledAt}. */
    public boolean matches(long labelledAt, long predictedAt) {
        return labelledAt - predictedAt <= labelDelay.toMillis();
    }

    /**
     * Why a label matched no prediction.
     *
     * @param newestTooOld time of the newest prediction of the document older than the delay, or
     *     {@code Long.MIN_VALUE} when there is none
     * @param streamTime the joining task's stream time
     */
    public Rejection unmatched(String documentId, long labelledAt, long newestTooOld, long streamTime) {
        if (newestTooOld != Long.MIN_VALUE) {
            return new Rejection(DeadLetterReason.LATE, "label for " + documentId + " came "
                    + Duration.ofMillis(labelledAt - newestTooOld) + " after its prediction; the label delay is "
                    + labelDelay);
        }
        if (labelledAt < streamTime - retention().toMillis()) {
            return new Rejection(DeadLetterReason.LATE, "label for " + documentId + " is older than the "
                    + retention() + " that predictions are kept");
        }
        return new Rejection(DeadLetterReason.UNMATCHED, "no prediction for document " + documentId
                + " in the " + labelDelay + " before the label");
    }

    /** A scan of one label's candidate predictions, oldest first. */
    public Scan scan(String documentId, long labelledAt) {
        return new Scan(documentId, labelledAt);
    }

    /**
     * The predictions of a document that one label is matched against: fetch the document's
     * predictions from {@link #from()} to {@link #to()}, {@link #accept} each, and when none was
     * accepted the {@link #rejection} says whether the label was late or unmatched. Not thread-safe.
     */
    public final class Scan {
        private final String documentId;
        private final long labelledAt;
        private long newestTooOld = Long.MIN_VALUE;

        private Scan(String documentId, long labelledAt) {
            this.documentId = documentId;
            this.labelledAt = labelledAt;
        }

        public long from() {
            return searchFrom(labelledAt);
        }

        public long to() {
            return searchTo(labelledAt);
        }

        /** Whether the prediction made at {@code predictedAt} counts for the label; remembers those that came too early. */
        public boolean accept(long predictedAt) {
            if (matches(labelledAt, predictedAt)) {
                return true;
            }
            newestTooOld = Math.max(newestTooOld, predictedAt);
            return false;
        }

        /** Why nothing was accepted, given the joining task's {@code streamTime}. */
        public Rejection rejection(long streamTime) {
            return unmatched(documentId, labelledAt, newestTooOld, streamTime);
        }
    }

    /** A label that goes to the dead-letter topic, and why. */
    public record Rejection(DeadLetterReason reason, String message) {
    }
}
