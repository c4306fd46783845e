package io.fuzzycal.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic as an exactly-once consumer downstream would: {@code read_committed}, every partition
 * assigned, from the beginning, no consumer group. The one reader every broker test uses.
 */
public final class CommittedTopic {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration SETTLE = Duration.ofSeconds(2);

    private CommittedTopic() {
    }

    /**
     * Every committed record of {@code topic}, waiting up to {@code timeout} until {@code expected} are
     * there, then {@link #SETTLE} more so that duplicates past the expected count are seen too.
     */
    public static List<ConsumerRecord<byte[], byte[]>> read(Map<String, Object> client, String topic, int expected,
                                                            Duration timeout) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(client)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(POLL).forEach(records::add);
            }
            long settle = System.nanoTime() + SETTLE.toNanos();
            while (System.nanoTime() < settle) {
                consumer.poll(POLL).forEach(records::add);
            }
            return records;
        }
    }

    /** {@link #read(Map, String, int, Duration)} with a three-minute timeout. */
    public static List<ConsumerRecord<byte[], byte[]>> read(Map<String, Object> client, String topic, int expected) {
        return read(client, topic, expected, Duration.ofMinutes(3));
    }

    /**
     * The sum of {@code topic}'s end offsets for a read_committed reader: the committed records plus
     * transaction markers, so an upper bound of what a reader sees.
     */
    public static long endOffsets(Map<String, Object> client, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(client)) {
            return consumer.endOffsets(partitions(consumer, topic)).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> client) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        return consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
    }
}
