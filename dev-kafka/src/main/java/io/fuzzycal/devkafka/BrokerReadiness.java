package io.fuzzycal.devkafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Waits until a started broker does what its users will ask first: it lists itself as an alive
 * node, creates a topic, and acknowledges a produce with acks=all. Leaves one record in
 * {@value #TOPIC} (compacted, one key) per start.
 */
final class BrokerReadiness {
    static final String TOPIC = "_fuzzycal_broker_ready";
    private static final Duration POLL = Duration.ofMillis(100);

    private BrokerReadiness() {
    }

    /** Blocks until ready and returns the cluster id; fails on authentication errors at once. */
    static String await(Map<String, Object> client, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String clusterId;
        try (Admin admin = Admin.create(adminConfig(client, timeout))) {
            clusterId = awaitAliveNode(admin, deadline, timeout);
            try {
                admin.createTopics(List.of(new NewTopic(TOPIC, Optional.of(1), Optional.empty())
                                .configs(Map.of("cleanup.policy", "compact"))))
                        .all().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(client, timeout))) {
            producer.send(new ProducerRecord<>(TOPIC, "ready", String.valueOf(System.currentTimeMillis())))
                    .get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
        }
        return clusterId;
    }

    private static String awaitAliveNode(Admin admin, long deadline, Duration timeout) throws Exception {
        while (true) {
            DescribeClusterResult cluster = admin.describeCluster(
                    new DescribeClusterOptions().timeoutMs((int) Math.max(1, remainingMillis(deadline))));
            try {
                Collection<Node> nodes = cluster.nodes().get();
                if (!nodes.isEmpty()) {
                    return cluster.clusterId().get();
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof AuthenticationException auth) {
                    throw auth;
                }
                if (remainingMillis(deadline) <= 0) {
                    throw new TimeoutException("broker did not answer within " + timeout + ": " + e.getCause());
                }
            }
            if (remainingMillis(deadline) <= 0) {
                throw new TimeoutException("broker listed no alive node within " + timeout);
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private static Map<String, Object> adminConfig(Map<String, Object> client, Duration timeout) {
        Map<String, Object> config = new HashMap<>(client);
        int millis = millis(timeout);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "fuzzycal-broker-readiness");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(millis, 5_000));
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        return config;
    }

    private static Map<String, Object> producerConfig(Map<String, Object> client, Duration timeout) {
        Map<String, Object> config = new HashMap<>(client);
        int millis = millis(timeout);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "fuzzycal-broker-readiness");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, millis);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(millis, 5_000));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(millis, 5_000));
        config.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return config;
    }

    private static int millis(Duration timeout) {
        return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }

    private static long remainingMillis(long deadline) {
        return TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    }
}
