package io.fuzzycal.stream;

import io.fuzzycal.schemas.DeadLetterHeaders;
import io.fuzzycal.schemas.DeadLetterReason;
import io.fuzzycal.schemas.DeadLetterSize;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The original bytes of a record the topology cannot use, on their way to a dead-letter topic with
 * {@link DeadLetterHeaders}, cut by {@link DeadLetterSize} when too large to copy. Processors forward it next to their normal output; the topology
 * splits the two by type.
 */
record DeadLetter(byte[] value) {
    /** Whether {@code record} is too large to process; see {@link DeadLetterReason#TOO_LARGE}. */
    static boolean tooLarge(Record<byte[], byte[]> record) {
        return DeadLetterSize.size(record.key(), record.value(), record.headers()) > DeadLetterSize.MAX_BYTES;
    }

    /** Forwards {@code original}'s key and value, its headers plus the error headers. */
    static void forward(ProcessorContext<byte[], Object> context, Record<byte[], byte[]> original,
                        DeadLetterReason reason, String message) {
        RecordMetadata source = context.recordMetadata().orElse(null);
        Headers headers = DeadLetterHeaders.deadLetter(original.headers(), source == null ? null : source.topic(),
                source == null ? -1 : source.partition(), source == null ? -1 : source.offset(),
                reason, message, "calibration-stream");
        // a copy too large to produce would fail the task, and the record would fail it again after every restart
        DeadLetterSize.Payload fitted = DeadLetterSize.fit(original.key(), original.value(), headers);
        context.forward(new Record<>(fitted.key(), new DeadLetter(fitted.value()), original.timestamp(), fitted.headers()));
    }
}
