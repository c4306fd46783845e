package io.fuzzycal.monitor;

import io.fuzzycal.schemas.ClusterUnavailableException;
import io.fuzzycal.schemas.StreamsSettings;
import io.fuzzycal.schemas.TopicProvisioner;
import io.fuzzycal.schemas.Topics;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor as a running Kafka Streams application: creates the topics it reads and writes, sizes
 * its internal topics like the calibrated topic, and runs exactly once with changelogged windows, so a
 * restarted monitor neither loses nor double-counts a record.
 */
public final class MonitorService implements AutoCloseable {
    public static final String DEFAULT_APPLICATION_ID = "fuzzycal-monitor";
    private static final Logger LOG = LoggerFactory.getLogger(MonitorService.class);

    private final KafkaStreams streams;
    private final MonitorConfig config;
    /** Completes when the application stops: normally, or exceptionally with what stopped it. */
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final CompletableFuture<Void> running = new CompletableFuture<>();

    private MonitorService(KafkaStreams streams, MonitorConfig config) {
        this.streams = streams;
        this.config = config;
    }

    /**
     * Creates missing topics and starts the monitor.
     *
     * @param config topology settings; its partition count is replaced by the calibrated topic's
     * @throws ClusterUnavailableException when the cluster cannot be reached or used
     */
    public static MonitorService start(StreamsSettings settings, MonitorConfig config, SchemaRegistry registry,
                                       MeterRegistry meters) throws ClusterUnavailableException {
        int partitions;
        try (Admin admin = Admin.create(settings.clientProperties())) {
            short rf = settings.replicationFactor();
            int n = settings.partitions();
            TopicProvisioner.ensure(admin, List.of(
                    TopicProvisioner.topic(config.calibratedTopic(), n, rf),
                    TopicProvisioner.topic(config.feedbackTopic(), n, rf),
                    TopicProvisioner.compacted(config.modelsTopic(), 1, rf),
                    TopicProvisioner.topic(config.metricsTopic(), n, rf),
                    TopicProvisioner.topic(config.alertsTopic(), n, rf),
                    TopicProvisioner.topic(config.calibratedDeadLetterTopic(), n, rf),
                    TopicProvisioner.topic(config.feedbackDeadLetterTopic(), n, rf),
                    TopicProvisioner.topic(Topics.deadLetter(config.modelsTopic()), 1, rf)));
            partitions = TopicProvisioner.partitions(admin, config.calibratedTopic());
        } catch (RuntimeException e) {
            throw ClusterUnavailableException.of("cannot reach or use the Kafka cluster at " + settings.bootstrapServers(), e);
        }
        MonitorConfig sized = config.withPartitions(partitions);
        KafkaStreams streams = new KafkaStreams(MonitorTopology.build(sized, registry, new MonitorMetrics(meters)),
                settings.streamsProperties());
        MonitorService service = new MonitorService(streams, sized);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("monitor failed", e);
            service.stopped.completeExceptionally(e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                service.running.complete(null);
            } else if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                service.stopped.complete(null);
            }
        });
        new KafkaStreamsMetrics(streams).bindTo(meters);
        streams.start();
        return service;
    }

    /** The Streams client's state, for the health endpoints. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The topology settings in use, with the partition count taken from the calibrated topic. */
    public MonitorConfig config() {
        return config;
    }

    /** Waits until every task is assigned and restored the first time; false on timeout or stop. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        try {
            CompletableFuture.anyOf(running, stopped).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
        return running.isDone() && !stopped.isDone();
    }

    /** Blocks until the monitor stops; rethrows what stopped it, if anything did. */
    public void awaitStopped() throws InterruptedException {
        try {
            stopped.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the monitor stopped: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Commits what was processed, leaves the group (its tasks move at once) and stops. */
    @Override
    public void close() {
        streams.close(CloseOptions.timeout(Duration.ofSeconds(60))
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        stopped.complete(null);
    }
}
