package io.fuzzycal.cli;

import io.fuzzycal.calibration.CalibrationMethods;
import io.fuzzycal.calibration.CalibratorJson;
import io.fuzzycal.calibration.FittedCalibrator;
import io.fuzzycal.schemas.StreamsSettings;
import io.fuzzycal.schemas.Topics;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.stream.CalibrationStreamConfig;
import io.fuzzycal.stream.CalibrationStreamService;
import io.fuzzycal.stream.RefitPolicy;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fuzzycal calibrate-stream}: the calibration stream on a Kafka cluster. */
@Command(name = "calibrate-stream",
        mixinStandardHelpOptions = true,
        versionProvider = FuzzycalVersion.class,
        description = {"Calibrates every prediction (FP32 and INT4) with the current calibrator of its model and writes"
                + " it to sentiment.calibrated; joins labels from sentiment.feedback (Feedback Avro, or JSON"
                + " {\"id\": ..., \"label\": 0 | \"Bearish\"}) to their predictions; refits a challenger on each model's"
                + " window of labelled FP32 predictions every --refit-every-labels labels or --refit-interval, and"
                + " promotes it to calibration.models only if held-out NLL and ECE of FP32 and INT4 do not get worse.",
            "Labels that match nothing, come too late or name no class go to sentiment.feedback.dlq with the reason.",
            "Settings come from --config (a properties file), then FUZZYCAL_* environment variables, then flags;"
                    + " kafka.* settings go to the Kafka clients. Durations: 500ms, 10s, 10m, 24h, 7d.",
            "Stops cleanly on SIGTERM."})
final class CalibrateStreamCommand implements Callable<Integer> {
    static final int DEFAULT_METRICS_PORT = 9465;

    @Spec
    CommandSpec spec;

    @Mixin
    ServiceOptions service = new ServiceOptions();

    @Option(names = "--metrics-port", paramLabel = "<port>",
            description = "Prometheus endpoint port (0: any free port). Default: " + DEFAULT_METRICS_PORT + ".")
    Integer metricsPort;

    @Option(names = "--predictions-topic", paramLabel = "<topic>", description = "Default: " + Topics.PREDICTIONS + ".")
    String predictionsTopic;

    @Option(names = "--feedback-topic", paramLabel = "<topic>",
            description = "Labels; its dead letters go to <topic>.dlq. Default: " + Topics.FEEDBACK + ".")
    String feedbackTopic;

    @Option(names = "--calibrated-topic", paramLabel = "<topic>", description = "Default: " + Topics.CALIBRATED + ".")
    String calibratedTopic;

    @Option(names = "--models-topic", paramLabel = "<topic>",
            description = "Compacted calibrator topic. Default: " + Topics.CALIBRATION_MODELS + ".")
    String modelsTopic;

    @Option(names = "--label-delay", paramLabel = "<duration>", description = "Longest a label may come after its prediction. Default: 24h.")
    String labelDelay;

    @Option(names = "--label-grace", paramLabel = "<duration>",
            description = "Predictions are kept this much longer, to tell late labels from unmatched ones. Default: 1h.")
    String labelGrace;

    @Option(names = "--window-size", paramLabel = "<n>", description = "Labelled documents per model in the refit window. Default: 5000.")
    Integer windowSize;

    @Option(names = "--window-max-age", paramLabel = "<duration>", description = "Oldest label kept in the window. Default: 7d.")
    String windowMaxAge;

    @Option(names = "--refit-every-labels", paramLabel = "<n>", description = "Refit after this many new labels. Default: 500.")
    Integer refitEveryLabels;

    @Option(names = "--refit-interval", paramLabel = "<duration>",
            description = "Refit this long after the last one when labels came since. Default: 10m.")
    String refitInterval;

    @Option(names = "--method", paramLabel = "<method>",
            description = "Challenger method: auto (picked per refit by cross-validation on the window: temperature for"
                    + " small windows, fuzzy for large ones), fuzzy, temperature, affine, dirichlet. Default: auto.")
    String method;

    @Option(names = "--fit-per-variant",
            description = "Fit one calibrator per variant on its own predictions (published as <model>/<VARIANT>)"
                    + " instead of one on FP32 for every variant.")
    Boolean fitPerVariant;

    @Option(names = "--initial-calibrator", paramLabel = "<json>",
            description = "Calibrator applied (as version 0) until a first one is promoted, from `calibrate fit --out`"
                    + " or a study. Default: none (probabilities pass unchanged).")
    Path initialCalibrator;

    @Option(names = "--min-samples-per-class", paramLabel = "<n>", description = "Labels of each class a fit needs. Default: 20.")
    Integer minSamplesPerClass;

    @Option(names = "--max-change", paramLabel = "<tv>",
            description = "Largest mean total-variation change of the probabilities per refit (not applied to the first"
                    + " step away from the identity). Default: 0.25.")
    Double maxChange;

    @Mixin
    StreamsOptions streams = new StreamsOptions();

    @Override
    public Integer call() throws Exception {
        Map<String, String> flags = new HashMap<>();
        flags.put("metrics.port", str(metricsPort));
        flags.put("predictions.topic", predictionsTopic);
        flags.put("feedback.topic", feedbackTopic);
        flags.put("calibrated.topic", calibratedTopic);
        flags.put("models.topic", modelsTopic);
        flags.put("label.delay", labelDelay);
        flags.put("label.grace", labelGrace);
        flags.put("window.size", str(windowSize));
        flags.put("window.max.age", windowMaxAge);
        flags.put("refit.every.labels", str(refitEveryLabels));
        flags.put("refit.interval", refitInterval);
        flags.put("method", method);
        flags.put("fit.per.variant", fitPerVariant == null ? null : fitPerVariant.toString());
        flags.put("initial.calibrator", initialCalibrator == null ? null : initialCalibrator.toString());
        flags.put("min.samples.per.class", str(minSamplesPerClass));
        flags.put("max.change", maxChange == null ? null : maxChange.toString());
        streams.addTo(flags);
        ServiceSettings s = service.load(flags);

        CalibrationStreamConfig cfg = config(s);
        RefitPolicy policy = cfg.policy();
        CalibrationStreamService.Settings settings = settings(s);

        SchemaRegistry registry = s.schemaRegistry();
        PrometheusMeterRegistry meters = MetricsEndpoint.serviceRegistry();
        PrintWriter err = spec.commandLine().getErr();
        SignalShutdown shutdown = null;
        MetricsEndpoint.address(s.get("metrics.host", MetricsEndpoint.DEFAULT_HOST), 0); // bad input before the cluster is tried
        try (CalibrationStreamService service = CalibrationStreamService.start(settings, cfg, registry, meters);
             TopicsReachable topics = new TopicsReachable(settings.bootstrapServers(), settings.kafka(),
                     List.of(cfg.predictionsTopic(), cfg.feedbackTopic(), cfg.calibratedTopic(), cfg.modelsTopic()),
                     Duration.ofSeconds(5));
             MetricsEndpoint endpoint = new MetricsEndpoint(meters, s.get("metrics.host", MetricsEndpoint.DEFAULT_HOST),
                     s.getInt("metrics.port", DEFAULT_METRICS_PORT),
                     ServiceHealth.streams(service::state, topics))) {
            shutdown = SignalShutdown.install(service::close, "fuzzycal-calibrate-stream-shutdown");
            err.printf("calibrate-stream: %s + %s -> %s, %s on %s (method %s, window %d, refit every %d labels or %s;"
                            + " metrics on :%d/metrics)%n", cfg.predictionsTopic(), cfg.feedbackTopic(),
                    cfg.calibratedTopic(), cfg.modelsTopic(), settings.bootstrapServers(), policy.method(),
                    policy.windowSize(), policy.refitEveryLabels(), DurationConverter.format(policy.refitInterval()), endpoint.port());
            err.flush();
            service.awaitStopped();
            shutdown.mainLoopReturned();
        } finally {
            if (shutdown != null) {
                shutdown.closed();
            }
        }
        return 0;
    }

    /** The refit policy of the settings; an unknown method or a bad window is bad input. */
    private static RefitPolicy policy(ServiceSettings s) {
        RefitPolicy defaults = RefitPolicy.defaults();
        return InvalidInputException.check(() -> {
            String methodName = s.get("method", CalibrationMethods.AUTO);
            CalibrationMethods.create(methodName); // an unknown name fails here, with the list of known ones
            return defaults.withMethod(methodName)
                    .withWindow(s.getInt("window.size", defaults.windowSize()),
                            s.getDuration("window.max.age", defaults.windowMaxAge()))
                    .withTriggers(s.getInt("refit.every.labels", defaults.refitEveryLabels()),
                            s.getDuration("refit.interval", defaults.refitInterval()))
                    .withGuards(s.getInt("min.samples.per.class", defaults.minSamplesPerClass()),
                            s.getDouble("ece.tolerance", defaults.eceTolerance()),
                            s.getDouble("nll.tolerance", defaults.nllTolerance()),
                            s.getDouble("max.change", defaults.maxChange()))
                    .withPerVariant(Boolean.parseBoolean(s.get("fit.per.variant", "false")));
        });
    }

    private static Optional<FittedCalibrator> initial(String file) throws java.io.IOException {
        if (file == null) {
            return Optional.empty();
        }
        Path path = Path.of(file);
        try {
            return Optional.of(CalibratorJson.read(CalibratorFiles.readText(path)));
        } catch (IllegalArgumentException e) { // the library's word for a document it cannot read
            throw new InvalidInputException(path + ": not a fuzzycal calibrator: " + e.getMessage(), e);
        }
    }

    private static String str(Integer v) {
        return ServiceOptions.str(v);
    }

    /** The stream's topics, label timing and refit policy from its settings (the keys of --config; the demo passes its own). */
    static CalibrationStreamConfig config(ServiceSettings s) throws java.io.IOException {
        RefitPolicy policy = policy(s);
        // internal topics follow the predictions topic, which may exist already with another count
        CalibrationStreamConfig base = CalibrationStreamConfig.defaults(CalibrationStreamConfig.PREDICTIONS_TOPIC_PARTITIONS);
        Optional<FittedCalibrator> initialCalibrator = initial(s.get("initial.calibrator", null));
        return InvalidInputException.check(() -> new CalibrationStreamConfig(
                s.get("predictions.topic", base.predictionsTopic()), s.get("feedback.topic", base.feedbackTopic()),
                s.get("calibrated.topic", base.calibratedTopic()), s.get("models.topic", base.modelsTopic()),
                s.getDuration("label.delay", base.labelDelay()), s.getDuration("label.grace", base.labelGrace()),
                base.partitions(), policy, initialCalibrator));
    }

    /** The Kafka Streams settings; --partitions sets the topics it creates. */
    static CalibrationStreamService.Settings settings(ServiceSettings s) {
        StreamsSettings shared = StreamsOptions.settings(s, CalibrationStreamService.Settings.DEFAULT_APPLICATION_ID);
        return InvalidInputException.check(() -> new CalibrationStreamService.Settings(
                shared.bootstrapServers(), shared.kafka(), shared.applicationId(), shared.stateDir(), shared.partitions(),
                shared.replicationFactor(), shared.streamThreads(), shared.instanceId()));
    }
}
