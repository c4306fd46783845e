package io.fuzzycal.stream;

import io.fuzzycal.schemas.DeadLetterHeaders;
import io.fuzzycal.schemas.DeadLetterReason;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The original bytes of a record the topology cannot use, on their way to a dead-letter topic with
 * {@link DeadLetterHeaders}. Processors forward it next to their normal output; the topology
 * splits the two by type.
 */
record DeadLetter(byte[] value) {
    /** Forwards {@code original}'s key and value, its headers plus the error headers. */
    static void forward(ProcessorContext<byte[], Object> context, Record<byte[], byte[]> original,
                        DeadLetterReason reason, String message) {
        RecordMetadata source = context.recordMetadata().orElse(null);
        context.forward(new Record<>(original.key(), new DeadLetter(original.value()), original.timestamp(),
                DeadLetterHeaders.deadLetter(original.headers(), source == null ? null : source.topic(),
                        source == null ? -1 : source.partition(), source == null ? -1 : source.offset(),
                        reason, message, "calibration-stream")));
    }
}
