package io.fuzzycal.inference.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Dead-letter records: the original key, value and headers, unchanged, plus headers that say what
 * went wrong and where the record came from, so that nothing is lost and it can be replayed.
 */
final class DeadLetters {
    static final String REASON = "fuzzycal.error.reason";
    static final String MESSAGE = "fuzzycal.error.message";
    static final String SOURCE_TOPIC = "fuzzycal.source.topic";
    static final String SOURCE_PARTITION = "fuzzycal.source.partition";
    static final String SOURCE_OFFSET = "fuzzycal.source.offset";
    static final String FAILED_AT = "fuzzycal.error.time";

    private DeadLetters() {
    }

    static ProducerRecord<byte[], byte[]> of(ConsumerRecord<byte[], byte[]> in, String dlqTopic,
                                             RejectedRecordException error) {
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(dlqTopic, null, in.key(), in.value());
        for (Header h : in.headers()) {
            out.headers().add(h);
        }
        out.headers()
                .add(REASON, bytes(error.reason().name()))
                .add(MESSAGE, bytes(error.getMessage()))
                .add(SOURCE_TOPIC, bytes(in.topic()))
                .add(SOURCE_PARTITION, bytes(Integer.toString(in.partition())))
                .add(SOURCE_OFFSET, bytes(Long.toString(in.offset())))
                .add(FAILED_AT, bytes(Instant.now().toString()));
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
