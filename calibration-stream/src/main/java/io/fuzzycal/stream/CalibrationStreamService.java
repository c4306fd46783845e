package io.fuzzycal.stream;

import io.fuzzycal.schemas.ClusterUnavailableException;
import io.fuzzycal.schemas.StreamsSettings;
import io.fuzzycal.schemas.TopicProvisioner;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calibration stream as a running Kafka Streams application: creates the topics it needs,
 * sizes the internal topics like the predictions topic, runs the topology exactly once
 * ({@code exactly_once_v2}) with changelogged state, and fits challengers on one background thread.
 */
public final class CalibrationStreamService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CalibrationStreamService.class);

    /**
     * Where and how the application runs.
     *
     * @param bootstrapServers Kafka bootstrap servers
     * @param kafka extra client properties (security, SASL, TLS, Streams tuning)
     * @param applicationId Kafka Streams application id: consumer group, internal topic prefix
     * @param stateDir local state (RocksDB), one folder per Kafka cluster id under it; rebuilt from changelogs when lost
     * @param partitions partitions of the topics it creates
     * @param replicationFactor replication of the topics it creates, internal ones included
     * @param streamThreads Kafka Streams threads
     * @param instanceId this instance's stable id (static group membership): a restarted instance
     *     with the same id takes its tasks back at once instead of after the session timeout; two
     *     running instances must not share one
     */
    public record Settings(String bootstrapServers, Map<String, String> kafka, String applicationId, Path stateDir,
                           int partitions, short replicationFactor, int streamThreads, String instanceId) {
        public static final String DEFAULT_APPLICATION_ID = "fuzzycal-calibration";

        public Settings {
            kafka = shared(bootstrapServers, kafka, DEFAULT_APPLICATION_ID, stateDir, partitions, replicationFactor,
                    streamThreads, instanceId).kafka(); // validates
        }

        /**
         * These settings with the state kept under {@code stateDir/cluster-<id>}: local state belongs to
         * one cluster's changelogs and offsets, and must never be restored into another cluster
         * (a new broker at the same address would otherwise see windows and versions it never had).
         */
        public Settings onCluster(String clusterId) {
            if (clusterId == null || !clusterId.matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException("unexpected Kafka cluster id: " + clusterId);
            }
            return new Settings(bootstrapServers, kafka, applicationId, stateDir.resolve("cluster-" + clusterId),
                    partitions, replicationFactor, streamThreads, instanceId);
        }

        public static Settings defaults(String bootstrapServers, Path stateDir) {
            return new Settings(bootstrapServers, Map.of(), DEFAULT_APPLICATION_ID, stateDir, 3, (short) 1, 1, "0");
        }

        /** The same settings as every fuzzycal Streams service takes them. */
        public StreamsSettings shared() {
            return shared(bootstrapServers, kafka, applicationId, stateDir, partitions, replicationFactor, streamThreads,
                    instanceId);
        }

        private static StreamsSettings shared(String bootstrapServers, Map<String, String> kafka, String applicationId,
                                              Path stateDir, int partitions, short replicationFactor, int streamThreads,
                                              String instanceId) {
            return new StreamsSettings(bootstrapServers, kafka, applicationId == null ? DEFAULT_APPLICATION_ID
                    : applicationId, stateDir, partitions, replicationFactor, streamThreads, instanceId);
        }

        Properties clientProperties() {
            return shared().clientProperties();
        }
    }

    private final KafkaStreams streams;
    private final ExecutorService fitExecutor;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CalibrationStreamConfig config;

    private CalibrationStreamService(KafkaStreams streams, ExecutorService fitExecutor, CalibrationStreamConfig config) {
        this.streams = streams;
        this.fitExecutor = fitExecutor;
        this.config = config;
    }

    /**
     * Creates missing topics and starts the application.
     *
     * @param config topology settings; its partition count must be the predictions topic's, or
     *     {@link CalibrationStreamConfig#PREDICTIONS_TOPIC_PARTITIONS} to take the topic's
     * @throws ClusterUnavailableException when the cluster cannot be reached or used, or its predictions
     *     topic has another partition count than {@code config} asks for
     */
    public static CalibrationStreamService start(Settings settings, CalibrationStreamConfig config,
                                                 SchemaRegistry registry, MeterRegistry meters)
            throws ClusterUnavailableException {
        int predictionPartitions;
        String clusterId;
        try (Admin admin = Admin.create(settings.clientProperties())) {
            short rf = settings.replicationFactor();
            int n = settings.partitions();
            TopicProvisioner.ensure(admin, List.of(
                    TopicProvisioner.topic(config.predictionsTopic(), n, rf),
                    TopicProvisioner.topic(config.feedbackTopic(), n, rf),
                    TopicProvisioner.topic(config.calibratedTopic(), n, rf),
                    TopicProvisioner.compacted(config.modelsTopic(), 1, rf),
                    TopicProvisioner.topic(config.predictionsDeadLetterTopic(), n, rf),
                    TopicProvisioner.topic(config.feedbackDeadLetterTopic(), n, rf)));
            predictionPartitions = TopicProvisioner.partitions(admin, config.predictionsTopic());
            clusterId = admin.describeCluster().clusterId().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw ClusterUnavailableException.of("cannot read the cluster id of " + settings.bootstrapServers(),
                    new KafkaException(e.getCause() != null ? e.getCause() : e));
        } catch (RuntimeException e) {
            throw ClusterUnavailableException.of("cannot reach or use the Kafka cluster at " + settings.bootstrapServers(), e);
        }
        // labels are joined in the task that owns the document's predictions partition: the counts must agree
        boolean followTopic = config.partitions() == CalibrationStreamConfig.PREDICTIONS_TOPIC_PARTITIONS;
        if (!followTopic && predictionPartitions != config.partitions()) {
            throw new ClusterUnavailableException("topic " + config.predictionsTopic() + " has " + predictionPartitions
                    + " partitions but the calibration stream is configured for " + config.partitions()
                    + "; the two must agree", null);
        }
        CalibrationStreamConfig sized = config.withPartitions(predictionPartitions);

        ExecutorService fits = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzzycal-refit");
            t.setDaemon(true);
            t.setPriority(Thread.NORM_PRIORITY - 1); // applying calibrators comes first
            return t;
        });
        Properties props = streamsProperties(settings.onCluster(clusterId));
        KafkaStreams streams = new KafkaStreams(
                CalibrationTopology.build(sized, registry, new CalibrationStreamMetrics(meters), fits), props);
        CalibrationStreamService service = new CalibrationStreamService(streams, fits, sized);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("calibration stream failed", e);
            service.failure.compareAndSet(null, e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                service.stopped.countDown();
            }
        });
        new KafkaStreamsMetrics(streams).bindTo(meters);
        streams.start();
        return service;
    }

    /**
     * The Kafka Streams properties the service runs with: the settings' client properties, its
     * application id, state dir, threads and replication, {@code exactly_once_v2} (so Kafka Streams'
     * commit interval default of 100 ms unless {@code commit.interval.ms} is given), and reading new
     * input from the earliest offset. {@code fuzzycal bench calibrate-stream} runs its relay baseline
     * with these too.
     */
    public static Properties streamsProperties(Settings settings) {
        return settings.shared().streamsProperties();
    }

    /** The topology settings in use, with the partition count taken from the predictions topic. */
    public CalibrationStreamConfig config() {
        return config;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Waits until every task is assigned and restored; false on timeout. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || stopped.getCount() == 0) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** Blocks until the application stops; rethrows what stopped it, if anything did. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
        Throwable e = failure.get();
        if (e != null) {
            throw new IllegalStateException("the calibration stream stopped: " + e.getMessage(), e);
        }
    }

    /**
     * Commits what was processed, leaves the group and stops; a fit in flight is dropped and the next
     * trigger (labels or interval) fits again. Leaving hands the tasks to another or a restarted instance at
     * once instead of after the session timeout (45 s).
     */
    @Override
    public void close() {
        streams.close(CloseOptions.timeout(Duration.ofSeconds(60))
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        fitExecutor.shutdownNow();
        try {
            fitExecutor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopped.countDown();
    }
}
