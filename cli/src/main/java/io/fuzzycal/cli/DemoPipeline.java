package io.fuzzycal.cli;

import io.fuzzycal.devkafka.DevSchemaRegistryServer;
import io.fuzzycal.devkafka.EmbeddedKafkaBroker;
import io.fuzzycal.inference.InferenceService;
import io.fuzzycal.inference.InferenceServiceConfig;
import io.fuzzycal.model.InferenceEngine;
import io.fuzzycal.model.ModelBundle;
import io.fuzzycal.model.ProgressListener;
import io.fuzzycal.monitor.MonitorConfig;
import io.fuzzycal.monitor.MonitorService;
import io.fuzzycal.schemas.StreamsSettings;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.stream.CalibrationStreamConfig;
import io.fuzzycal.stream.CalibrationStreamService;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole system in one JVM: the embedded KRaft broker and development Schema Registry, then the
 * inference service, the calibration stream and the monitor, each built from the same settings keys
 * its own command reads from {@code --config} ({@link DemoSettings}), so each runs as it runs alone.
 * They share one meter registry, which the demo's endpoint serves with the dashboard.
 *
 * <p>One JVM rather than four processes: one start-up, one heap for a laptop, and Ctrl-C stops the
 * parts in order (feed, inference, calibration, monitor, registry, broker) so every transaction ends
 * committed or aborted. The services' crash and restart behaviour as separate processes is what the
 * fault tests check.
 */
final class DemoPipeline implements AutoCloseable {
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private final EmbeddedKafkaBroker broker;
    private final DevSchemaRegistryServer registryServer;
    private final PrometheusMeterRegistry meters;
    private final InferenceService inference;
    private final CalibrationStreamService calibration;
    private final MonitorService monitor;
    private final ModelBundle bundle;
    private final DemoSettings settings;
    private final Thread inferenceLoop;

    private DemoPipeline(DemoSettings settings, Ports ports, ProgressListener progress, PrometheusMeterRegistry meters)
            throws Exception {
        this.settings = settings;
        this.meters = meters;
        try {
            progress.step("starting the Kafka broker in " + settings.dataDir().resolve("kafka"));
            broker = remember(EmbeddedKafkaBroker.builder().dataDir(settings.dataDir().resolve("kafka"))
                    .host(ports.host()).port(ports.kafka()).start());
            registryServer = remember(DevSchemaRegistryServer.start(broker.clientProperties(), ports.host(), ports.registry()));

            bundle = ModelOptions.load(settings.bundle(), progress);
            ServiceSettings inferenceSettings = settings.inference(broker.bootstrapServers(), registryServer.url());
            InferenceServiceConfig inferenceConfig = InferenceCommand.config(inferenceSettings);
            // as `fuzzycal inference` does: with the variants scored concurrently, each session gets its share
            InferenceEngine engine = remember(InferenceEngine.open(bundle,
                    ModelOptions.engineOptions(settings.device(), inferenceConfig.intraOpThreads(settings.threads()))));
            // the first batch through ONNX Runtime is slow; do it before the feed starts, not on its first texts
            for (io.fuzzycal.model.Precision v : io.fuzzycal.model.Precision.values()) {
                engine.classify(v, java.util.List.of("Shares rise after the company beats estimates"));
            }
            progress.step("starting the inference service");
            inference = remember(new InferenceService(inferenceConfig, engine, inferenceSettings.schemaRegistry(), meters,
                    InferenceCommand.DEFAULT_INSTANCE_ID));

            progress.step("starting the calibration stream");
            ServiceSettings calibrationSettings = settings.calibration(broker.bootstrapServers(), registryServer.url());
            CalibrationStreamConfig calibrationConfig = CalibrateStreamCommand.config(calibrationSettings);
            calibration = remember(CalibrationStreamService.start(CalibrateStreamCommand.settings(calibrationSettings),
                    calibrationConfig, calibrationSettings.schemaRegistry(), meters));

            progress.step("starting the monitor");
            ServiceSettings monitorSettings = settings.monitor(broker.bootstrapServers(), registryServer.url());
            MonitorConfig monitorConfig = MonitorCommand.config(monitorSettings);
            StreamsSettings monitorStreams = StreamsOptions.settings(monitorSettings, MonitorService.DEFAULT_APPLICATION_ID);
            monitor = remember(MonitorService.start(monitorStreams, monitorConfig, monitorSettings.schemaRegistry(), meters));

            inferenceLoop = new Thread(inference::run, "fuzzycal-demo-inference");
            inferenceLoop.setDaemon(true);
            inferenceLoop.start();
            // stopped before it is closed: the loop commits its batch in flight
            opened.push(() -> {
                inference.stop();
                inferenceLoop.join(Duration.ofSeconds(30).toMillis());
            });
            // the feed starts once every service reads its input, so no early text waits on a group join
            if (!inference.awaitAssignment(Duration.ofMinutes(2)) || !calibration.awaitRunning(Duration.ofMinutes(2))
                    || !monitor.awaitRunning(Duration.ofMinutes(2))) {
                throw new IllegalStateException("the services did not start reading in 2 minutes (calibration "
                        + calibration.state() + ", monitor " + monitor.state() + ")");
            }
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /** Starts every part; on failure closes what it started and throws. */
    static DemoPipeline start(DemoSettings settings, Ports ports, ProgressListener progress,
                              PrometheusMeterRegistry meters) throws Exception {
        return new DemoPipeline(settings, ports, progress, meters);
    }

    /** Where the broker and the registry listen; 0 picks a free port. */
    record Ports(String host, int kafka, int registry) {
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    String registryUrl() {
        return registryServer.url();
    }

    /** Client properties (bootstrap servers and any security) for the demo's own producers and readers. */
    Map<String, Object> clientProperties() {
        return new HashMap<>(broker.clientProperties());
    }

    SchemaRegistry schemaRegistry() {
        return SchemaRegistry.fromConfig(Map.of("schema.registry.url", registryServer.url()));
    }

    ModelBundle bundle() {
        return bundle;
    }

    DemoSettings settings() {
        return settings;
    }

    PrometheusMeterRegistry meters() {
        return meters;
    }

    /** A one-line problem when a part has stopped on its own, else null. */
    String failure() {
        if (!inferenceLoop.isAlive()) {
            return "the inference service stopped";
        }
        if (!calibration.state().isRunningOrRebalancing()) {
            return "the calibration stream is " + calibration.state();
        }
        if (!monitor.state().isRunningOrRebalancing()) {
            return "the monitor is " + monitor.state();
        }
        return null;
    }

    private <T extends AutoCloseable> T remember(T part) {
        opened.push(part);
        return part;
    }

    /** Closes the parts in the reverse order of their start; the first failure is thrown after all are closed. */
    @Override
    public void close() throws IOException {
        Exception first = null;
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw new IOException("while stopping the demo: " + first.getMessage(), first);
        }
    }

    /** A path under the demo's data directory. */
    Path dataPath(String name) {
        return settings.dataDir().resolve(name);
    }
}
