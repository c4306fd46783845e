package io.fuzzycal.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.schemas.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class DeadLettersTest {
    @Test
    void aDeadLetterKeepsTheRecordAndSaysWhyWhereFromAndWhichService() {
        byte[] key = "k1".getBytes(StandardCharsets.UTF_8);
        byte[] value = {(byte) 0xff, (byte) 0xfe};
        ConsumerRecord<byte[], byte[]> in = new ConsumerRecord<>("news.text", 2, 41L, key, value);
        ProducerRecord<byte[], byte[]> dead = DeadLetters.of(in, "news.text.dlq", new RejectedRecordException(
                RejectedRecordException.Reason.UNDECODABLE_BYTES, "not UTF-8"));

        assertThat(dead.topic()).isEqualTo("news.text.dlq");
        assertThat(dead.key()).isEqualTo(key);
        assertThat(dead.value()).isEqualTo(value);
        assertThat(DeadLetterHeaders.text(dead.headers(), DeadLetterHeaders.REASON)).isEqualTo("UNDECODABLE_BYTES");
        assertThat(DeadLetterHeaders.text(dead.headers(), DeadLetterHeaders.MESSAGE)).isEqualTo("not UTF-8");
        assertThat(DeadLetterHeaders.text(dead.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("41");
        // services that read the same topic are told apart by this header, as in calibration-stream and monitor
        assertThat(DeadLetterHeaders.text(dead.headers(), DeadLetterHeaders.SERVICE)).isEqualTo("inference");
    }
}
