package io.fuzzycal.cli;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;

/**
 * Whether a service's topics can be described on the cluster right now (brokers reachable, the
 * topics exist, the credentials may read them). One Admin client; an answer is kept for
 * {@code cacheFor}, so that probes do not load the cluster.
 */
final class TopicsReachable implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Admin admin;
    private final List<String> topics;
    private final long cacheForNanos;
    private long checkedAt;
    private String lastProblem = "not checked yet";
    private boolean checked;

    /** {@code kafka}: the service's Kafka client settings (security and so on). */
    TopicsReachable(String bootstrapServers, Map<String, ?> kafka, List<String> topics, Duration cacheFor) {
        Map<String, Object> properties = new HashMap<>(kafka);
        properties.put("bootstrap.servers", bootstrapServers);
        this.admin = Admin.create(properties);
        this.topics = List.copyOf(topics);
        this.cacheForNanos = cacheFor.toNanos();
    }

    /** {@code null} when every topic could be described, else why not. */
    synchronized String problem() {
        long now = System.nanoTime();
        if (checked && now - checkedAt < cacheForNanos) {
            return lastProblem;
        }
        try {
            admin.describeTopics(topics).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            lastProblem = null;
        } catch (ExecutionException e) {
            lastProblem = "topics " + topics + " not reachable: " + e.getCause();
        } catch (TimeoutException e) {
            lastProblem = "topics " + topics + " not reachable within " + TIMEOUT.toSeconds() + " s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lastProblem = "interrupted";
        }
        checked = true;
        checkedAt = System.nanoTime();
        return lastProblem;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
