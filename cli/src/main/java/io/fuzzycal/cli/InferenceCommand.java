package io.fuzzycal.cli;

import io.fuzzycal.model.EngineOptions;
import io.fuzzycal.model.InferenceEngine;
import io.fuzzycal.model.ModelBundle;
import io.fuzzycal.model.ProgressListener;
import io.fuzzycal.inference.InferenceService;
import io.fuzzycal.inference.InferenceServiceConfig;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fuzzycal inference}: the inference service on a Kafka cluster. */
@Command(name = "inference",
        mixinStandardHelpOptions = true,
        versionProvider = FuzzycalVersion.class,
        description = {"Scores every text on the input topic with the FP32 and the INT4 model and produces one"
                + " Prediction per variant, exactly once; unreadable records go to <input>.dlq with the reason in headers.",
            "Settings come from --config (a properties file), then FUZZYCAL_* environment variables, then flags;"
                    + " kafka.* settings go to the Kafka clients (e.g. kafka.security.protocol=SASL_SSL).",
            "Stops cleanly on SIGTERM: the batch in flight is scored and committed."})
final class InferenceCommand implements Callable<Integer> {
    static final int DEFAULT_METRICS_PORT = 9464;
    static final String DEFAULT_INSTANCE_ID = "0";

    @Spec
    CommandSpec spec;

    @Mixin
    ServiceOptions service = new ServiceOptions();

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--metrics-port", paramLabel = "<port>",
            description = "Prometheus endpoint port (0: any free port). Default: " + DEFAULT_METRICS_PORT + ".")
    Integer metricsPort;

    @Option(names = "--max-batch-size", paramLabel = "<n>",
            description = "Most records per batch. Default: " + InferenceServiceConfig.DEFAULT_MAX_BATCH_SIZE + ".")
    Integer maxBatchSize;

    @Option(names = "--max-wait-ms", paramLabel = "<ms>",
            description = "Longest wait to fill a batch. Default: " + InferenceServiceConfig.DEFAULT_MAX_WAIT_MS + ".")
    Integer maxWaitMs;

    @Option(names = "--max-batch-bytes", paramLabel = "<bytes>",
            description = "Most bytes (record keys and values) per batch. Default: "
                    + InferenceServiceConfig.DEFAULT_MAX_BATCH_BYTES + ".")
    Integer maxBatchBytes;

    @Option(names = "--concurrent-variants", paramLabel = "<true|false>", arity = "1",
            description = "Score FP32 and INT4 at the same time, each ONNX Runtime session with half of --threads;"
                    + " false: one after the other, each with all of them. Default: "
                    + InferenceServiceConfig.DEFAULT_CONCURRENT_VARIANTS + ".")
    Boolean concurrentVariants;

    @Option(names = "--group-id", paramLabel = "<id>", description = "Consumer group. Default: " + InferenceServiceConfig.DEFAULT_GROUP + ".")
    String groupId;

    @Option(names = "--instance-id", paramLabel = "<id>",
            description = "This instance's stable id: a restarted instance with the same id fences its predecessor."
                    + " Default: " + DEFAULT_INSTANCE_ID + ".")
    String instanceId;

    @Override
    public Integer call() throws Exception {
        Map<String, String> flags = new HashMap<>();
        model.putGiven(flags);
        flags.put("metrics.port", str(metricsPort));
        flags.put("max.batch.size", str(maxBatchSize));
        flags.put("max.wait.ms", str(maxWaitMs));
        flags.put("max.batch.bytes", str(maxBatchBytes));
        flags.put("concurrent.variants", concurrentVariants == null ? null : concurrentVariants.toString());
        flags.put("group.id", groupId);
        flags.put("instance.id", instanceId);
        ServiceSettings s = service.load(flags);

        PrintWriter err = spec.commandLine().getErr();
        ProgressListener progress = ProgressListener.printing(line -> {
            err.println(line);
            err.flush();
        }, 2000);
        InferenceServiceConfig cfg = config(s);
        EngineOptions engineOptions = ModelOptions.engineOptions(s.get("device", model.device),
                InvalidInputException.check(() -> cfg.intraOpThreads(s.getInt("threads", model.threads))));
        String bundleSetting = s.get("bundle", null);
        ModelBundle bundle = ModelOptions.load(bundleSetting == null ? null : Path.of(bundleSetting), progress);

        SchemaRegistry registry = s.schemaRegistry();
        PrometheusMeterRegistry meters = MetricsEndpoint.serviceRegistry();
        SignalShutdown shutdown = null;
        MetricsEndpoint.address(s.get("metrics.host", MetricsEndpoint.DEFAULT_HOST), 0); // bad input before the cluster is tried
        try (InferenceEngine engine = InferenceEngine.open(bundle, engineOptions);
             InferenceService service = new InferenceService(cfg, engine, registry, meters,
                     s.get("instance.id", DEFAULT_INSTANCE_ID));
             TopicsReachable topics = new TopicsReachable(cfg.bootstrapServers(), cfg.kafka(),
                     List.of(cfg.inputTopic(), cfg.outputTopic(), cfg.deadLetterTopic()), Duration.ofSeconds(5));
             MetricsEndpoint endpoint = new MetricsEndpoint(meters, s.get("metrics.host", MetricsEndpoint.DEFAULT_HOST),
                     s.getInt("metrics.port", DEFAULT_METRICS_PORT),
                     ServiceHealth.pollLoop(service::nanosSinceLastPoll, Duration.ofMinutes(2), topics))) {
            // SIGTERM stops the loop, which commits the batch in flight
            shutdown = SignalShutdown.install(service::stop, "fuzzycal-inference-shutdown");
            err.printf("inference: %s -> %s on %s (model %s, metrics on :%d/metrics)%n", cfg.inputTopic(),
                    cfg.outputTopic(), cfg.bootstrapServers(), bundle.modelId(), endpoint.port());
            err.flush();
            service.run();
            shutdown.mainLoopReturned();
        } finally {
            if (shutdown != null) {
                shutdown.closed();
            }
        }
        return 0;
    }

    private static String str(Integer v) {
        return ServiceOptions.str(v);
    }

    private static boolean bool(ServiceSettings s, String key, boolean fallback) {
        String v = s.get(key, null);
        if (v == null) {
            return fallback;
        }
        return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidInputException(key + " must be true or false, got '" + v + "'");
        };
    }

    /** The service's configuration from its settings (the keys of --config; the demo passes its own). */
    static InferenceServiceConfig config(ServiceSettings s) {
        InferenceServiceConfig defaults = InferenceServiceConfig.of(s.require("bootstrap.servers", "--bootstrap-servers"));
        return InvalidInputException.check(() -> defaults.withKafka(s.kafka())
                .withTopics(s.get("input.topic", defaults.inputTopic()), s.get("output.topic", defaults.outputTopic()))
                .withGroupId(s.get("group.id", defaults.groupId()))
                .withBatches(s.getInt("max.batch.size", defaults.maxBatchSize()),
                        Duration.ofMillis(s.getInt("max.wait.ms", (int) defaults.maxWait().toMillis())))
                .withMaxTextBytes(s.getInt("max.text.bytes", defaults.maxTextBytes()))
                .withMaxBatchBytes(s.getInt("max.batch.bytes", (int) defaults.maxBatchBytes()))
                .withConcurrentVariants(bool(s, "concurrent.variants", defaults.concurrentVariants()))
                .withTopicLayout(s.getInt("partitions", ServiceOptions.DEFAULT_PARTITIONS),
                        (short) s.getInt("replication.factor", ServiceOptions.DEFAULT_REPLICATION)));
    }
}
