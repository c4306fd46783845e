package io.fuzzycal.devkafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic as an exactly-once consumer downstream would: {@code read_committed}, every partition
 * assigned, from the beginning, no consumer group. The one such reader of the tests and the benchmarks.
 */
public final class CommittedTopic implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration SETTLE = Duration.ofSeconds(2);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private long count;

    private CommittedTopic(Map<String, Object> client, String topic) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = partitions(consumer, topic);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** A reader positioned at the beginning of every partition of {@code topic}. */
    public static CommittedTopic open(Map<String, Object> client, String topic) {
        return new CommittedTopic(client, topic);
    }

    /** The committed records that arrive within {@code timeout}. */
    public List<ConsumerRecord<byte[], byte[]>> poll(Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        consumer.poll(timeout).forEach(records::add);
        count += records.size();
        return records;
    }

    /** How many records this reader has returned. */
    public long count() {
        return count;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }

    /**
     * Every committed record of {@code topic}, waiting up to {@code timeout} until {@code expected} are
     * there, then {@link #SETTLE} more so that duplicates past the expected count are seen too.
     */
    public static List<ConsumerRecord<byte[], byte[]>> read(Map<String, Object> client, String topic, int expected,
                                                            Duration timeout) {
        try (CommittedTopic reader = open(client, topic)) {
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                records.addAll(reader.poll(POLL));
            }
            long settle = System.nanoTime() + SETTLE.toNanos();
            while (System.nanoTime() < settle) {
                records.addAll(reader.poll(POLL));
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
        try (CommittedTopic reader = open(client, topic)) {
            return reader.consumer.endOffsets(reader.consumer.assignment()).values().stream()
                    .mapToLong(Long::longValue).sum();
        }
    }

    /**
     * Every committed record of {@code topic} up to where it ends now: the last stable offset of each
     * partition, past which a read_committed reader cannot see yet.
     */
    public static List<ConsumerRecord<byte[], byte[]>> readToEnd(Map<String, Object> client, String topic) {
        try (CommittedTopic reader = open(client, topic)) {
            Map<TopicPartition, Long> end = reader.consumer.endOffsets(reader.consumer.assignment());
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (end.entrySet().stream().anyMatch(e -> reader.consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end " + end + " within a minute");
                }
                records.addAll(reader.poll(POLL));
            }
            return records;
        }
    }

    /** How many committed records of {@code topic}, up to where it ends now, each key has (UTF-8; "" for none). */
    public static Map<String, Integer> countByKey(Map<String, Object> client, String topic) {
        Map<String, Integer> counts = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : readToEnd(client, topic)) {
            counts.merge(r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8), 1, Integer::sum);
        }
        return counts;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        return consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
    }
}
