package io.fuzzycal.bench;

import io.fuzzycal.calibration.FittedCalibrator;
import io.fuzzycal.devkafka.EmbeddedKafkaBroker;
import io.fuzzycal.schemas.registry.InMemorySchemaRegistry;
import io.fuzzycal.schemas.serde.AvroSerializer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fuzzycal bench calibrate-stream}: calibrated predictions per second through the calibration
 * stream against a plain Kafka Streams relay with the same settings, on the same preloaded topic of
 * an embedded broker; the apply latency per variant; and the process's memory once a refit window is
 * full. The options and the order of the run; the parts are {@link SyntheticPredictions} and
 * {@link PredictionLoader} (the input), {@link StreamPasses} (relay and calibration passes),
 * {@link ServiceAloneRun} (the service in a JVM of its own) and {@link CalibrateStreamReport}.
 */
@Command(name = "calibrate-stream",
        mixinStandardHelpOptions = true,
        description = {"Predictions/s through the calibration stream against the limit of a plain Kafka Streams relay"
                + " (byte[] in, byte[] out) with the same settings (exactly_once_v2, its commit interval, one stream"
                + " thread), both reading the same topic of synthetic Prediction Avro records (half FP32, half INT4,"
                + " 3 classes, over-confident) on an embedded broker in this JVM. Each side counts its committed output"
                + " (read_committed) and is timed from its first committed batch to its last, so that start-up"
                + " (group join, state stores) is left out alike; in --repeat passes taken in turn, each with a fresh"
                + " application id; the target line compares the best pass of each (too few --predictions for more"
                + " than one commit interval print '-'). Prints the apply latency p50/p99 of each variant, from the"
                + " fuzzycal.calibration.apply.latency timer.",
            "Then the service alone: fuzzycal calibrate-stream in a JVM of its own (--service-java-opts; the broker"
                    + " stays in this one, with an HTTP schema registry on it) calibrates the same predictions and gets"
                    + " JSON labels for the documents until the refit window of the model holds --window-size labelled"
                    + " documents (no refit runs: refit every 1,000,000 labels or 24h). Prints the service process's"
                    + " resident memory and heap (from its Prometheus endpoint) when started, after calibrating, and"
                    + " with the window full, and the window size sampled while labelling; the service must exit 0 on"
                    + " SIGTERM.",
            "With --partitions and --instances (lists), the passes run for every shape: the predictions topic with that"
                    + " many partitions, each app as that many instances in this JVM (the same application id, one"
                    + " stream thread each); a table by shape follows, with the share of the predictions the busiest"
                    + " calibration instance calibrated.",
            "Broker data and Kafka Streams state live in a temporary directory, deleted at the end."})
final class BenchCalibrateStreamCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StreamBenchOptions options;

    // 20,000 were too few: the warmed-up relay committed them within one or two commit intervals (100 ms)
    @Option(names = "--predictions", defaultValue = "200000", paramLabel = "<n>",
            description = "Prediction records, half FP32 and half INT4 (two per document); enough that the relay"
                    + " needs many commit intervals. Default: ${DEFAULT-VALUE}.")
    int predictions;

    @Option(names = "--window-size", defaultValue = "5000", paramLabel = "<n>",
            description = "Refit window (labelled documents per model) to fill. Default: ${DEFAULT-VALUE}.")
    int windowSize;

    @Option(names = "--labels", defaultValue = "50000", paramLabel = "<n>",
            description = "Labels to send, the documents in turn (each labelled again after all were): at least"
                    + " --window-size. Default: ${DEFAULT-VALUE}.")
    int labels;

    @Option(names = "--repeat", defaultValue = "3", paramLabel = "<n>",
            description = "Passes of the relay and the calibration stream, in turn. Default: ${DEFAULT-VALUE}.")
    int repeat;

    @Option(names = "--partitions", split = ",", defaultValue = "3", paramLabel = "<n>[,<n>...]",
            description = "Partitions of the predictions topic; one group of passes each. Default: ${DEFAULT-VALUE}.")
    List<Integer> partitions;

    @Option(names = "--instances", split = ",", defaultValue = "1", paramLabel = "<n>[,<n>...]",
            description = "Instances of each app (same application id) in this JVM; one group of passes per partition"
                    + " count and instance count. Default: ${DEFAULT-VALUE}.")
    List<Integer> instances;

    @Option(names = "--service-alone", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Run the service alone after the passes (--no-service-alone: the passes only).")
    boolean serviceAlone;

    @Override
    public Integer call() throws Exception {
        CalibrateStreamPlan plan = checked();
        Consumer<String> progress = BenchInputs.lines(spec.commandLine().getErr());
        SyntheticPredictions data = new SyntheticPredictions(plan.documents(), options.seed);

        progress.accept("bench calibrate-stream: fitting a fuzzy calibrator on 5000 other synthetic rows (applied as version 0)");
        FittedCalibrator initial = SyntheticPredictions.fitInitial(options.seed + 1);

        String scope = "bench-calibrate-stream-" + UUID.randomUUID();
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(scope);
        try (ScratchDirectory dir = ScratchDirectory.create("fuzzycal-bench-calibrate-stream")) {
            progress.accept("bench calibrate-stream: starting the embedded broker in " + dir.path());
            try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dir.resolve("kafka")).port(0).start()) {
                Map<String, Object> client = new HashMap<>(broker.clientProperties());
                CalibrateStreamRun run = new CalibrateStreamRun(plan, broker.bootstrapServers(), client, data,
                        initial, dir.path(), progress);
                StreamPasses passes = new StreamPasses(run, registry);
                passes.createTopics();
                for (int n : passes.partitionCounts()) {
                    PredictionLoader.load(client, CalibrateStreamPlan.predictionsTopic(n), data,
                            new AvroSerializer<>(registry), progress);
                }
                List<StreamPasses.Pass> measured = passes.run();
                ServiceAloneRun.ServiceRun alone = plan.serviceAlone() ? new ServiceAloneRun(run).run() : null;
                CalibrateStreamReport.print(spec.commandLine().getOut(), plan, initial, measured, alone);
            }
        } finally {
            InMemorySchemaRegistry.dropScope(scope);
        }
        return 0;
    }

    /** The options as a plan; a usage error (exit 2) for those that cannot make a run. */
    private CalibrateStreamPlan checked() {
        if (predictions < 2 || predictions % 2 != 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--predictions must be an even number >= 2 (an FP32 and an INT4 prediction per document), got " + predictions);
        }
        if (windowSize < 2) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--window-size must be >= 2, got " + windowSize);
        }
        if (labels < windowSize) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--labels must be at least --window-size (" + windowSize + ") to fill the window, got " + labels);
        }
        if (repeat < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--repeat must be >= 1, got " + repeat);
        }
        List<CalibrateStreamPlan.Shape> shapes = new ArrayList<>();
        for (int p : partitions) {
            for (int i : instances) {
                if (p < 1 || i < 1) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "--partitions and --instances take whole numbers >= 1, got " + partitions + " and " + instances);
                }
                shapes.add(new CalibrateStreamPlan.Shape(p, i));
            }
        }
        return new CalibrateStreamPlan(predictions, windowSize, labels, repeat, options.kafka,
                options.serviceJavaOptions, List.copyOf(shapes), serviceAlone);
    }
}
