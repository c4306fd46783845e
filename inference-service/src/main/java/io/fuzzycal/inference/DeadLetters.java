package io.fuzzycal.inference;

import io.fuzzycal.schemas.DeadLetterHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Dead-letter records: the original key, value and headers, unchanged, plus
 * {@link DeadLetterHeaders} that say what went wrong and where the record came from.
 */
final class DeadLetters {
    private DeadLetters() {
    }

    static ProducerRecord<byte[], byte[]> of(ConsumerRecord<byte[], byte[]> in, String dlqTopic,
                                             RejectedRecordException error) {
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(dlqTopic, null, in.key(), in.value());
        for (Header h : in.headers()) {
            out.headers().add(h);
        }
        DeadLetterHeaders.addSource(out.headers(), in.topic(), in.partition(), in.offset());
        DeadLetterHeaders.addError(out.headers(), error.reason().name(), error.getMessage());
        return out;
    }
}
