package io.fuzzycal.inference;

import io.fuzzycal.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the inference service.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param kafka extra client properties (from {@code kafka.*} settings: security, SASL, TLS, ...)
 * @param schemaRegistryUrl Schema Registry URL, or {@code mock://scope}
 * @param bundle model bundle folder
 * @param inputTopic texts to score
 * @param outputTopic predictions
 * @param groupId consumer group; the transactional id derives from it
 * @param maxBatchSize most records scored per transaction
 * @param maxWait how long the broker may wait to fill a batch
 * @param maxTextBytes longer texts go to the dead-letter topic
 * @param partitions partitions of the topics the service creates
 * @param replicationFactor replication of the topics the service creates
 * @param intraOpThreads ONNX Runtime threads
 * @param device ONNX Runtime execution provider ({@code cpu}, {@code cuda[:N]}, {@code auto})
 */
public record InferenceServiceConfig(String bootstrapServers, Map<String, String> kafka, String schemaRegistryUrl,
                                     Path bundle, String inputTopic, String outputTopic, String groupId,
                                     int maxBatchSize, Duration maxWait, int maxTextBytes, int partitions,
                                     short replicationFactor, int intraOpThreads, String device) {
    public static final String DEFAULT_GROUP = "fuzzycal-inference";

    public InferenceServiceConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrap servers");
        Objects.requireNonNull(bundle, "bundle");
        kafka = Map.copyOf(kafka);
        if (maxBatchSize < 1 || maxTextBytes < 1 || partitions < 1 || replicationFactor < 1 || intraOpThreads < 1) {
            throw new IllegalArgumentException("batch size, max text bytes, partitions, replication and threads must be positive");
        }
    }

    /** Defaults for everything but the broker and the bundle. */
    public static InferenceServiceConfig defaults(String bootstrapServers, Path bundle) {
        return new InferenceServiceConfig(bootstrapServers, Map.of(), "mock://fuzzycal", bundle, Topics.NEWS_TEXT,
                Topics.PREDICTIONS, DEFAULT_GROUP, 32, Duration.ofMillis(50), 16_384, 3, (short) 1, 2, "cpu");
    }

    public String deadLetterTopic() {
        return Topics.deadLetter(inputTopic);
    }
}
