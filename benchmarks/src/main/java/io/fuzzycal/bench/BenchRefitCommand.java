package io.fuzzycal.bench;

import io.fuzzycal.calibration.CalibrationMethods;
import io.fuzzycal.calibration.FittedCalibrator;
import io.fuzzycal.devkafka.EmbeddedKafkaBroker;
import io.fuzzycal.schemas.avro.Variant;
import io.fuzzycal.stream.RefitPolicy;
import io.fuzzycal.stream.TimedRefit;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fuzzycal bench refit}: how the calibration stream's refit and the memory of its refit
 * window grow with the window: a refit on a full window of each size, per method, timed in this
 * JVM ({@link TimedRefit}); then, per size, the service alone ({@link ServiceAloneRun}) in a JVM of
 * its own with its window filled to that size, its resident memory read.
 */
@Command(name = "refit",
        mixinStandardHelpOptions = true,
        description = {"Refit time against refit-window size: for each --window-sizes and --methods, the calibration"
                + " stream's refit on a full window of synthetic labelled documents (FP32 and INT4 probabilities, 3"
                + " classes, over-confident), in this JVM: decoding the window's stored documents, then the challenger"
                + " trial (fit on the FP32 rows of the fit slice, held-out NLL/ECE of every variant against the"
                + " champion, a fuzzy calibrator fitted on other rows, as version 0). --repeat trials each; prints the"
                + " fastest and slowest, the heap the trial allocated, and what it decided.",
            "Then, per window size, the service alone (as in bench calibrate-stream): fuzzycal calibrate-stream in a"
                    + " JVM of its own on an embedded broker in this one calibrates 2 x size predictions and takes a"
                    + " label per document until its refit window holds size documents (no refit runs); prints its"
                    + " resident memory and heap. --no-service leaves it out."})
final class BenchRefitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StreamBenchOptions options;

    @Option(names = "--window-sizes", split = ",", defaultValue = "1000,5000,20000,100000", paramLabel = "<n>[,<n>...]",
            description = "Refit-window sizes (labelled documents). Default: ${DEFAULT-VALUE}.")
    List<Integer> windowSizes;

    @Option(names = "--methods", split = ",", defaultValue = "auto,fuzzy", paramLabel = "<method>[,<method>...]",
            description = "Challenger methods; auto is fuzzycal calibrate-stream's default, fuzzy the refit policy's."
                    + " Default: ${DEFAULT-VALUE}.")
    List<String> methods;

    @Option(names = "--repeat", defaultValue = "3", paramLabel = "<n>",
            description = "Trials per window size and method. Default: ${DEFAULT-VALUE}.")
    int repeat;

    @Option(names = "--service", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Measure the service alone's memory with a full window of each size (--no-service: refits only).")
    boolean service;

    /** The refits of one window size and method. */
    record Refits(int windowSize, String method, List<TimedRefit.Result> trials) {
    }

    /** The service alone with a full window of {@code windowSize}. */
    record WindowMemory(int windowSize, ServiceAloneRun.ServiceRun run) {
    }

    @Override
    public Integer call() throws Exception {
        checked();
        Consumer<String> progress = BenchInputs.lines(spec.commandLine().getErr());
        FittedCalibrator champion = SyntheticPredictions.fitInitial(options.seed + 1);
        List<Refits> refits = new ArrayList<>();
        for (int size : windowSizes) {
            SyntheticPredictions data = new SyntheticPredictions(size, options.seed);
            for (String method : methods) {
                List<TimedRefit.Result> trials = new ArrayList<>();
                for (int r = 1; r <= repeat; r++) {
                    progress.accept("bench refit: window " + size + ", " + method + ", trial " + r + "/" + repeat);
                    trials.add(refit(data, method, champion));
                }
                refits.add(new Refits(size, method, trials));
            }
        }
        List<WindowMemory> memory = new ArrayList<>();
        if (service) {
            for (int size : windowSizes) {
                memory.add(new WindowMemory(size, serviceAlone(size, champion, progress)));
            }
        }
        report(spec.commandLine().getOut(), champion, refits, memory);
        return 0;
    }

    private void checked() {
        for (int size : windowSizes) {
            if (size < 2) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--window-sizes must be >= 2 each, got " + windowSizes);
            }
        }
        for (String method : methods) {
            if (!CalibrationMethods.isFittable(CalibrationMethods.canonical(method))) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--methods: unknown method '" + method
                        + "'; expected auto or one of " + CalibrationMethods.BASE_METHODS);
            }
        }
        if (repeat < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--repeat must be >= 1, got " + repeat);
        }
    }

    private TimedRefit.Result refit(SyntheticPredictions data, String method, FittedCalibrator champion) {
        int n = data.documents();
        String[] ids = new String[n];
        int[] labels = new int[n];
        double[][] fp32 = new double[n][];
        double[][] int4 = new double[n][];
        for (int d = 0; d < n; d++) {
            ids[d] = data.id(d);
            labels[d] = data.label(d);
            fp32[d] = data.probabilities(d, Variant.FP32);
            int4[d] = data.probabilities(d, Variant.INT4);
        }
        RefitPolicy policy = RefitPolicy.defaults().withMethod(method).withWindow(n, Duration.ofDays(7));
        return TimedRefit.run(SyntheticPredictions.MODEL_ID, ids, labels, fp32, int4, champion, policy, options.seed);
    }

    /** The service alone of bench calibrate-stream with a window of {@code size}: a broker of its own per size. */
    private ServiceAloneRun.ServiceRun serviceAlone(int size, FittedCalibrator initial, Consumer<String> progress)
            throws Exception {
        CalibrateStreamPlan plan = new CalibrateStreamPlan(2 * size, size, size, 1, options.kafka,
                options.serviceJavaOptions);
        progress.accept("bench refit: the service alone with a window of " + size);
        try (ScratchDirectory dir = ScratchDirectory.create("fuzzycal-bench-refit");
             EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dir.resolve("kafka")).port(0).start()) {
            CalibrateStreamRun run = new CalibrateStreamRun(plan, broker.bootstrapServers(),
                    new HashMap<>(broker.clientProperties()), new SyntheticPredictions(size, options.seed), initial,
                    dir.path(), progress);
            return new ServiceAloneRun(run).run();
        }
    }

    private void report(PrintWriter out, FittedCalibrator champion, List<Refits> refits, List<WindowMemory> memory) {
        out.printf(Locale.ROOT, "refit on a full window (synthetic, 3 classes, over-confident; champion: %s as version 0;"
                + " 20%% of the documents held out by id), %d trial(s) each, in this JVM%n", champion.method(), repeat);
        TextTable t = new TextTable("window", "method", "refit s fastest", "refit s slowest", "decode ms",
                "allocated MB", "outcome").leftAligned(1, 6);
        for (Refits r : refits) {
            double fastest = r.trials().stream().mapToLong(TimedRefit.Result::trialNanos).min().orElseThrow() / 1e9;
            double slowest = r.trials().stream().mapToLong(TimedRefit.Result::trialNanos).max().orElseThrow() / 1e9;
            double decodeMs = r.trials().stream().mapToLong(TimedRefit.Result::decodeNanos).min().orElseThrow() / 1e6;
            TimedRefit.Result last = r.trials().get(r.trials().size() - 1);
            t.row(Integer.toString(r.windowSize()), r.method(), fixed(fastest, 3), fixed(slowest, 3), fixed(decodeMs, 1),
                    last.allocatedBytes() < 0 ? "-" : fixed(last.allocatedBytes() / 1048576.0, 1),
                    (last.promoted() ? "promoted " : "rejected ") + last.outcome());
        }
        out.print(t.render());
        out.println("refit s: the challenger trial (fit, held-out scores, decision), off the stream thread; decode ms:"
                + " decoding the window's documents, on the stream thread (the store read not included); allocated MB:"
                + " heap the last trial allocated");
        if (memory.isEmpty()) {
            out.flush();
            return;
        }
        out.printf(Locale.ROOT, "%nthe service alone with a full window: fuzzycal calibrate-stream in a JVM of its own (%s),"
                + " 2 x window predictions calibrated, then a label per document; no refit%n",
                StreamBenchOptions.describe(options.serviceJavaOptions));
        TextTable m = new TextTable("window", "resident MB started", "resident MB calibrated", "resident MB window full",
                "heap used MB window full", "labels/s", "window entries");
        for (WindowMemory w : memory) {
            List<ServiceAloneRun.Memory> stages = w.run().memory();
            ServiceAloneRun.Labelling labelled = w.run().labelling();
            m.row(Integer.toString(w.windowSize()), mb(stages.get(0).residentKb() * 1024),
                    mb(stages.get(1).residentKb() * 1024), mb(stages.get(2).residentKb() * 1024),
                    mb(stages.get(2).heapUsed()), fixed(labelled.matched() / labelled.seconds(), 1),
                    Integer.toString(labelled.finalWindow()));
        }
        out.print(m.render());
        out.flush();
    }

    private static String fixed(double v, int digits) {
        return ThroughputReport.fixed(v, digits);
    }

    private static String mb(long bytes) {
        return fixed(bytes / 1048576.0, 1);
    }
}
