package io.fuzzycal.schemas;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Where and how a fuzzycal Kafka Streams service runs; calibration-stream and the monitor run with
 * the same properties ({@link #streamsProperties}).
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param kafka extra client properties (security, SASL, TLS, Streams tuning)
 * @param applicationId Kafka Streams application id: consumer group, internal topic prefix
 * @param stateDir local state (RocksDB); rebuilt from changelogs when lost
 * @param partitions partitions of the topics it creates
 * @param replicationFactor replication of the topics it creates, internal ones included
 * @param streamThreads Kafka Streams threads
 * @param instanceId this instance's stable id (static group membership): a restarted instance
 *     with the same id takes its tasks back at once instead of after the session timeout; two
 *     running instances must not share one
 */
public record StreamsSettings(String bootstrapServers, Map<String, String> kafka, String applicationId, Path stateDir,
                              int partitions, short replicationFactor, int streamThreads, String instanceId) {
    public StreamsSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrap servers");
        Objects.requireNonNull(stateDir, "state dir");
        Objects.requireNonNull(applicationId, "application id");
        kafka = Map.copyOf(kafka);
        if (instanceId == null || instanceId.isBlank()) {
            throw new IllegalArgumentException("instance id is empty");
        }
        if (partitions < 1 || replicationFactor < 1 || streamThreads < 1) {
            throw new IllegalArgumentException("partitions, replication factor and stream threads must be positive");
        }
    }

    /** The Kafka client properties: {@link #kafka} and the bootstrap servers. */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put("bootstrap.servers", bootstrapServers);
        return p;
    }

    /**
     * The Kafka Streams properties: the client properties, the application id, state dir, threads and
     * replication, {@code exactly_once_v2} (so a commit interval of 100 ms unless
     * {@code commit.interval.ms} is given), new input read from the earliest offset, and static
     * membership.
     */
    public Properties streamsProperties() {
        Properties props = clientProperties();
        props.put("application.id", applicationId);
        props.put("processing.guarantee", "exactly_once_v2");
        props.put("state.dir", stateDir.toString());
        props.put("num.stream.threads", Integer.toString(streamThreads));
        props.put("replication.factor", Short.toString(replicationFactor));
        props.putIfAbsent("consumer.auto.offset.reset", "earliest");
        // static membership: Streams adds the thread index to the id
        props.put("consumer.group.instance.id", applicationId + "-" + instanceId);
        // the behaviour Kafka 5.0 makes the default; saying so silences the warning at every start
        props.putIfAbsent("processing.exception.handler.global.enabled", "true");
        return props;
    }
}
