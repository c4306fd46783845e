package io.fuzzycal.cli;

import io.fuzzycal.model.DefaultModel;
import io.fuzzycal.model.Device;
import io.fuzzycal.model.EngineOptions;
import io.fuzzycal.model.InferenceEngine;
import io.fuzzycal.model.ModelBundle;
import io.fuzzycal.model.ProgressListener;
import io.fuzzycal.inference.InferenceService;
import io.fuzzycal.inference.InferenceServiceConfig;
import io.fuzzycal.schemas.Topics;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
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
    @Spec
    CommandSpec spec;

    @Mixin
    ServiceOptions service = new ServiceOptions();

    @Option(names = "--bundle", paramLabel = "<dir>", description = "Model bundle. Default: the default model, built on first use.")
    Path bundle;

    @Option(names = "--metrics-port", paramLabel = "<port>", description = "Prometheus endpoint port (0: any free port). Default: 9464.")
    Integer metricsPort;

    @Option(names = "--max-batch-size", paramLabel = "<n>", description = "Most records per batch. Default: 32.")
    Integer maxBatchSize;

    @Option(names = "--max-wait-ms", paramLabel = "<ms>", description = "Longest wait to fill a batch. Default: 50.")
    Integer maxWaitMs;

    @Option(names = "--group-id", paramLabel = "<id>", description = "Consumer group. Default: " + InferenceServiceConfig.DEFAULT_GROUP + ".")
    String groupId;

    @Option(names = "--instance-id", paramLabel = "<id>",
            description = "This instance's stable id: a restarted instance with the same id fences its predecessor. Default: 0.")
    String instanceId;

    @Option(names = "--device", paramLabel = "<cpu|cuda[:N]|auto>", description = "ONNX Runtime execution provider. Default: cpu.")
    String device;

    @Option(names = "--threads", paramLabel = "<n>", description = "ONNX Runtime intra-op threads. Default: 2.")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        Map<String, String> flags = new HashMap<>();
        flags.put("bundle", bundle == null ? null : bundle.toString());
        flags.put("metrics.port", str(metricsPort));
        flags.put("max.batch.size", str(maxBatchSize));
        flags.put("max.wait.ms", str(maxWaitMs));
        flags.put("group.id", groupId);
        flags.put("instance.id", instanceId);
        flags.put("device", device);
        flags.put("threads", str(threads));
        ServiceSettings s = service.load(flags);

        PrintWriter err = spec.commandLine().getErr();
        ProgressListener progress = ProgressListener.printing(line -> {
            err.println(line);
            err.flush();
        }, 2000);
        String bundleSetting = s.get("bundle", null);
        ModelBundle model = bundleSetting != null ? ModelBundle.load(Path.of(bundleSetting))
                : DefaultModel.ensureBuilt(DefaultModel.defaultBundleDir(), progress);
        InferenceServiceConfig cfg = new InferenceServiceConfig(
                s.require("bootstrap.servers", "--bootstrap-servers"), s.kafka(),
                s.get("schema.registry.url", "mock://fuzzycal"), model.directory(),
                s.get("input.topic", Topics.NEWS_TEXT), s.get("output.topic", Topics.PREDICTIONS),
                s.get("group.id", InferenceServiceConfig.DEFAULT_GROUP), s.getInt("max.batch.size", 32),
                Duration.ofMillis(s.getInt("max.wait.ms", 50)), s.getInt("max.text.bytes", 16_384),
                s.getInt("partitions", 3), (short) s.getInt("replication.factor", 1), s.getInt("threads", 2),
                s.get("device", "cpu"));

        SchemaRegistry registry = s.schemaRegistry();
        PrometheusMeterRegistry meters = MetricsEndpoint.serviceRegistry();
        EngineOptions engineOptions = EngineOptions.defaults().withIntraOpThreads(cfg.intraOpThreads())
                .withDevice(Device.parse(cfg.device()));
        SignalShutdown shutdown = null;
        try (InferenceEngine engine = InferenceEngine.open(model, engineOptions);
             MetricsEndpoint endpoint = new MetricsEndpoint(meters, s.get("metrics.host", MetricsEndpoint.DEFAULT_HOST),
                     s.getInt("metrics.port", 9464));
             InferenceService service = new InferenceService(cfg, engine, registry, meters, s.get("instance.id", "0"))) {
            // SIGTERM stops the loop, which commits the batch in flight
            shutdown = SignalShutdown.install(service::stop, "fuzzycal-inference-shutdown");
            err.printf("inference: %s -> %s on %s (model %s, metrics on :%d/metrics)%n", cfg.inputTopic(),
                    cfg.outputTopic(), cfg.bootstrapServers(), model.modelId(), endpoint.port());
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
}
