package io.fuzzycal.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class MicroBatchTest {
    private static int offset;

    private static ConsumerRecord<byte[], byte[]> record(String key, String value) {
        return new ConsumerRecord<>("texts", 0, offset++, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void isFullAtTheRecordBound() {
        MicroBatch batch = new MicroBatch(3, 1_000, 50);
        batch.add(record("a", "one"), 0);
        batch.add(record("b", "two"), 0);
        assertThat(batch.isFull()).isFalse();
        batch.add(record("c", "three"), 0);
        assertThat(batch.isFull()).isTrue();
        assertThat(batch.size()).isEqualTo(3);
    }

    @Test
    void countsKeysAndValuesAgainstTheByteBound() {
        MicroBatch batch = new MicroBatch(100, 10, 50);
        batch.add(record("k", "1234"), 0); // 5 bytes
        assertThat(batch.bytes()).isEqualTo(5);
        assertThat(batch.wouldOverflow(record("k", "1234"))).isFalse(); // exactly 10 fits
        assertThat(batch.wouldOverflow(record("k", "12345"))).isTrue();
        assertThat(batch.wouldOverflow(record(null, null))).isFalse();
        batch.add(record("k", "1234"), 0);
        assertThat(batch.isFull()).isTrue();
    }

    @Test
    void aRecordLargerThanTheByteBoundStillMakesABatchOfItsOwn() {
        MicroBatch batch = new MicroBatch(100, 4, 50);
        ConsumerRecord<byte[], byte[]> big = record("key", "a long text");
        assertThat(batch.wouldOverflow(big)).isFalse();
        batch.add(big, 0);
        assertThat(batch.isFull()).isTrue();
        assertThat(batch.drain()).containsExactly(big);
    }

    @Test
    void isDueWhenTheFirstRecordHasWaitedMaxWait() {
        MicroBatch batch = new MicroBatch(100, 1_000, 50);
        assertThat(batch.isDue(1_000)).isFalse();
        batch.add(record("a", "x"), 100);
        batch.add(record("b", "y"), 140);
        assertThat(batch.isDue(149)).isFalse();
        assertThat(batch.isDue(150)).isTrue();
    }

    @Test
    void drainsInArrivalOrderAndStartsAfresh() {
        MicroBatch batch = new MicroBatch(100, 1_000, 50);
        ConsumerRecord<byte[], byte[]> first = record("a", "x");
        ConsumerRecord<byte[], byte[]> second = record("b", "yy");
        batch.add(first, 0);
        batch.add(second, 10);
        assertThat(batch.drain()).containsExactly(first, second);
        assertThat(batch.isEmpty()).isTrue();
        assertThat(batch.bytes()).isZero();
        batch.add(record("c", "z"), 500);
        assertThat(batch.isDue(549)).isFalse(); // the wait counts from the new first record
        assertThat(batch.isDue(550)).isTrue();
    }

    @Test
    void refusesBoundsBelowOne() {
        assertThatThrownBy(() -> new MicroBatch(0, 10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MicroBatch(1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MicroBatch(1, 10, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
