package io.fuzzycal.inference;

import io.fuzzycal.schemas.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the inference service's Kafka loop. Start from {@link #of} and change what differs
 * with the {@code with*} methods; the model and the engine are set up by the caller.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param kafka extra client properties (from {@code kafka.*} settings: security, SASL, TLS, ...)
 * @param inputTopic texts to score
 * @param outputTopic predictions
 * @param groupId consumer group; the transactional id derives from it
 * @param maxBatchSize most records scored per transaction (one micro-batch; the engine sorts it by token
 *     length and runs it in its own, smaller batches)
 * @param maxWait how long the service holds a partial batch, waiting for more records, before it scores it
 * @param maxTextBytes longer texts go to the dead-letter topic
 * @param partitions partitions of the topics the service creates
 * @param replicationFactor replication of the topics the service creates
 * @param maxBatchBytes most bytes (record keys and values) per micro-batch; a batch is scored when either
 *     bound is reached, or when its first record has waited {@code maxWait}
 * @param concurrentVariants score FP32 and INT4 at the same time on two threads (give each ONNX Runtime
 *     session half the threads: {@link #intraOpThreads}) rather than one after the other
 */
public record InferenceServiceConfig(String bootstrapServers, Map<String, String> kafka, String inputTopic,
                                     String outputTopic, String groupId, int maxBatchSize, Duration maxWait,
                                     int maxTextBytes, int partitions, short replicationFactor, long maxBatchBytes,
                                     boolean concurrentVariants) {
    public static final String DEFAULT_GROUP = "fuzzycal-inference";
    public static final int DEFAULT_MAX_BATCH_SIZE = 256;
    public static final long DEFAULT_MAX_BATCH_BYTES = 1L << 20;
    public static final boolean DEFAULT_CONCURRENT_VARIANTS = true;
    public static final int DEFAULT_MAX_WAIT_MS = 50;
    public static final int DEFAULT_MAX_TEXT_BYTES = 16_384;
    private static final int DEFAULT_PARTITIONS = 3;

    public InferenceServiceConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrap servers");
        Objects.requireNonNull(inputTopic, "input topic");
        Objects.requireNonNull(outputTopic, "output topic");
        Objects.requireNonNull(groupId, "group id");
        Objects.requireNonNull(maxWait, "max wait");
        kafka = Map.copyOf(kafka);
        if (maxBatchSize < 1 || maxTextBytes < 1 || partitions < 1 || replicationFactor < 1 || maxWait.isNegative()
                || maxBatchBytes < 1) {
            throw new IllegalArgumentException("batch size, batch bytes, max text bytes, partitions and replication must be"
                    + " positive, max wait not negative");
        }
    }

    /** The settings before batch bytes and concurrent variants existed; those two at their defaults. */
    public InferenceServiceConfig(String bootstrapServers, Map<String, String> kafka, String inputTopic,
                                  String outputTopic, String groupId, int maxBatchSize, Duration maxWait,
                                  int maxTextBytes, int partitions, short replicationFactor) {
        this(bootstrapServers, kafka, inputTopic, outputTopic, groupId, maxBatchSize, maxWait, maxTextBytes, partitions,
                replicationFactor, DEFAULT_MAX_BATCH_BYTES, DEFAULT_CONCURRENT_VARIANTS);
    }

    /** The default topics, group, batching and topic layout on the cluster at {@code bootstrapServers}. */
    public static InferenceServiceConfig of(String bootstrapServers) {
        return new InferenceServiceConfig(bootstrapServers, Map.of(), Topics.NEWS_TEXT, Topics.PREDICTIONS, DEFAULT_GROUP,
                DEFAULT_MAX_BATCH_SIZE, Duration.ofMillis(DEFAULT_MAX_WAIT_MS), DEFAULT_MAX_TEXT_BYTES, DEFAULT_PARTITIONS,
                (short) 1);
    }

    public InferenceServiceConfig withKafka(Map<String, String> clientProperties) {
        return new InferenceServiceConfig(bootstrapServers, clientProperties, inputTopic, outputTopic, groupId,
                maxBatchSize, maxWait, maxTextBytes, partitions, replicationFactor, maxBatchBytes, concurrentVariants);
    }

    public InferenceServiceConfig withTopics(String input, String output) {
        return new InferenceServiceConfig(bootstrapServers, kafka, input, output, groupId, maxBatchSize, maxWait,
                maxTextBytes, partitions, replicationFactor, maxBatchBytes, concurrentVariants);
    }

    public InferenceServiceConfig withGroupId(String group) {
        return new InferenceServiceConfig(bootstrapServers, kafka, inputTopic, outputTopic, group, maxBatchSize, maxWait,
                maxTextBytes, partitions, replicationFactor, maxBatchBytes, concurrentVariants);
    }

    public InferenceServiceConfig withBatches(int size, Duration wait) {
        return new InferenceServiceConfig(bootstrapServers, kafka, inputTopic, outputTopic, groupId, size, wait,
                maxTextBytes, partitions, replicationFactor, maxBatchBytes, concurrentVariants);
    }

    public InferenceServiceConfig withMaxTextBytes(int bytes) {
        return new InferenceServiceConfig(bootstrapServers, kafka, inputTopic, outputTopic, groupId, maxBatchSize, maxWait,
                bytes, partitions, replicationFactor, maxBatchBytes, concurrentVariants);
    }

    public InferenceServiceConfig withTopicLayout(int topicPartitions, short replication) {
        return new InferenceServiceConfig(bootstrapServers, kafka, inputTopic, outputTopic, groupId, maxBatchSize, maxWait,
                maxTextBytes, topicPartitions, replication, maxBatchBytes, concurrentVariants);
    }

    public InferenceServiceConfig withMaxBatchBytes(long bytes) {
        return new InferenceServiceConfig(bootstrapServers, kafka, inputTopic, outputTopic, groupId, maxBatchSize, maxWait,
                maxTextBytes, partitions, replicationFactor, bytes, concurrentVariants);
    }

    public InferenceServiceConfig withConcurrentVariants(boolean concurrent) {
        return new InferenceServiceConfig(bootstrapServers, kafka, inputTopic, outputTopic, groupId, maxBatchSize, maxWait,
                maxTextBytes, partitions, replicationFactor, maxBatchBytes, concurrent);
    }

    /**
     * ONNX Runtime intra-op threads per session when the service may use {@code threads} in all: half
     * each (at least one) when the variants run concurrently, so the two sessions do not oversubscribe
     * the cores; all of them otherwise.
     */
    public int intraOpThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        return concurrentVariants ? Math.max(1, threads / 2) : threads;
    }

    public String deadLetterTopic() {
        return Topics.deadLetter(inputTopic);
    }
}
