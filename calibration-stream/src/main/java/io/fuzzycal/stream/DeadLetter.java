package io.fuzzycal.stream;

import io.fuzzycal.schemas.DeadLetterHeaders;
import io.fuzzycal.schemas.DeadLetterSize;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The original bytes of a record the topology cannot use, on their way to a dead-letter topic with
 * {@link DeadLetterHeaders}, cut by {@link DeadLetterSize} when too large to copy. Processors forward it next to their normal output; the topology
 * splits the two by type.
 */
record DeadLetter(byte[] value) {
    /** Why a record went to a dead-letter topic. */
    enum Reason {
        /** Not a readable record of the expected type. */
        MALFORMED,
        /** A label for a document id with no prediction in the join window. */
        UNMATCHED,
        /** A label that came after the label delay. */
        LATE,
        /** A label index out of range, an unknown class name, or the two disagreeing. */
        INVALID_LABEL,
        /**
         * Larger than {@link DeadLetterSize#MAX_BYTES}: not processed, since what the topology writes
         * for it (calibrated copy, repartitioned label) could exceed the producer's limit and stop the
         * application; its dead letter keeps only a prefix of it.
         */
        TOO_LARGE
    }

    /** Whether {@code record} is too large to process; see {@link Reason#TOO_LARGE}. */
    static boolean tooLarge(Record<byte[], byte[]> record) {
        return DeadLetterSize.size(record.key(), record.value(), record.headers()) > DeadLetterSize.MAX_BYTES;
    }

    /** Forwards {@code original}'s key and value, its headers plus the error headers. */
    static void forward(ProcessorContext<byte[], Object> context, Record<byte[], byte[]> original, Reason reason,
                        String message) {
        RecordHeaders headers = new RecordHeaders(original.headers().toArray());
        RecordMetadata source = context.recordMetadata().orElse(null);
        if (source != null) {
            DeadLetterHeaders.addSource(headers, source.topic(), source.partition(), source.offset());
        }
        DeadLetterHeaders.addError(headers, reason.name(), message);
        // a copy too large to produce would fail the task, and the record would fail it again after every restart
        DeadLetterSize.Payload fitted = DeadLetterSize.fit(original.key(), original.value(), headers);
        context.forward(new Record<>(fitted.key(), new DeadLetter(fitted.value()), original.timestamp(), fitted.headers()));
    }
}
