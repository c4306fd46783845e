package io.fuzzycal.inference;

import io.fuzzycal.schemas.DeadLetterHeaders;
import io.fuzzycal.schemas.DeadLetterSize;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Dead-letter records: the original key, value and headers, unchanged, plus
 * {@link DeadLetterHeaders} that say what went wrong and where the record came from; cut to
 * {@link DeadLetterSize#MAX_BYTES} (reason {@code TOO_LARGE}) when the copy would be too large to produce.
 */
final class DeadLetters {
    private DeadLetters() {
    }

    static ProducerRecord<byte[], byte[]> of(ConsumerRecord<byte[], byte[]> in, String dlqTopic,
                                             RejectedRecordException error) {
        Headers headers = new RecordHeaders();
        for (Header h : in.headers()) {
            headers.add(h);
        }
        DeadLetterHeaders.addSource(headers, in.topic(), in.partition(), in.offset());
        DeadLetterHeaders.addError(headers, error.reason().name(), error.getMessage())
                .add(DeadLetterHeaders.SERVICE, "inference".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        // a copy too large to produce would abort every transaction holding it: the partition would stall
        DeadLetterSize.Payload fitted = DeadLetterSize.fit(in.key(), in.value(), headers);
        return new ProducerRecord<>(dlqTopic, null, fitted.key(), fitted.value(), fitted.headers());
    }
}
