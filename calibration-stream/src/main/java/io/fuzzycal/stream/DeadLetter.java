package io.fuzzycal.stream;

import io.fuzzycal.schemas.DeadLetterHeaders;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The original bytes of a record the topology cannot use, on their way to a dead-letter topic with
 * {@link DeadLetterHeaders}. Processors forward it next to their normal output; the topology
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
        INVALID_LABEL
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
        context.forward(new Record<>(original.key(), new DeadLetter(original.value()), original.timestamp(), headers));
    }
}
