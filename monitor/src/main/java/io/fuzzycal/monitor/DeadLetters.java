package io.fuzzycal.monitor;

import io.fuzzycal.schemas.DeadLetterHeaders;
import io.fuzzycal.schemas.DeadLetterReason;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Sends a record the monitor cannot use to its step's dead-letter sink, as it came, with the error headers. */
final class DeadLetters {
    private DeadLetters() {
    }

    /** A copy of {@code headers} naming the record being processed as the source (unless they name one). */
    static Headers withSource(ProcessorContext<?, ?> context, Headers headers) {
        Headers copy = new RecordHeaders(headers.toArray());
        context.recordMetadata().ifPresent(m -> DeadLetterHeaders.addSource(copy, m.topic(), m.partition(), m.offset()));
        return copy;
    }

    static void send(ProcessorContext<byte[], byte[]> context, String sink, Record<byte[], byte[]> original,
                     DeadLetterReason reason, String message) {
        RecordMetadata source = context.recordMetadata().orElse(null);
        context.forward(original.withHeaders(DeadLetterHeaders.deadLetter(original.headers(),
                source == null ? null : source.topic(), source == null ? -1 : source.partition(),
                source == null ? -1 : source.offset(), reason, message, "monitor")), sink);
    }
}
