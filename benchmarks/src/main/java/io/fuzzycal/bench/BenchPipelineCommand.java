package io.fuzzycal.bench;

import io.fuzzycal.devkafka.CommittedTopic;
import io.fuzzycal.devkafka.DevSchemaRegistryServer;
import io.fuzzycal.devkafka.EmbeddedKafkaBroker;
import io.fuzzycal.model.BundledData;
import io.fuzzycal.model.LabelledTexts;
import io.fuzzycal.model.ModelBundle;
import io.fuzzycal.schemas.TopicProvisioner;
import io.fuzzycal.schemas.Topics;
import io.fuzzycal.schemas.avro.Variant;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.schemas.registry.SchemaRegistryConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fuzzycal bench pipeline}: the whole pipeline under load. One embedded broker and the
 * development Schema Registry in this JVM; the inference service, the calibration stream and the
 * monitor each in a JVM of its own ({@link PipelineServices}); tweets in, labels after their
 * predictions ({@link PipelineLoad}). First an open-loop burst measures the sustainable texts/s,
 * then a paced run at half of it (or {@code --rate}) measures the latency; {@link PipelineReport}
 * prints both per variant, the labels' way through the monitor ({@link MonitorSamples}), and each
 * process's CPU and resident memory.
 */
@Command(name = "pipeline",
        mixinStandardHelpOptions = true,
        description = {"The whole pipeline under load: texts in, calibrated and monitored out. An embedded Kafka broker and"
                + " the development Schema Registry run in this JVM; fuzzycal inference, fuzzycal calibrate-stream and"
                + " fuzzycal monitor each in a JVM of its own, with their default settings (default topics, --partitions)"
                + " and the heap of their Kubernetes manifests (inference -Xmx1536m, the others -Xmx768m). Texts are the"
                + " tweets (--data, cycled), sent as JSON {\"id\",\"text\"}; each document's true label is sent"
                + " --label-delay after both its calibrated records were read.",
            "After a warm-up of " + BenchPipelineCommand.WARM_UP + " texts (every service started, joined and through its"
                    + " first records): 1. throughput: --texts texts produced at once (open loop); texts/s per variant from"
                    + " the first text sent to the last calibrated record read. 2. latency: texts paced at --rate (default:"
                    + " half the slower variant's throughput) for --duration; per text and variant, ms from the text's"
                    + " record timestamp (its send) to its prediction (the calibrated record's CreateTime, kept from the"
                    + " prediction), to its calibrated record (its producedAt), and to that record read by a"
                    + " read_committed consumer (this JVM's clock at receipt).",
            "Then the labels: each counted by the calibration stream and the monitor; the monitor's events/s and the"
                    + " lag from a label's send to the monitor's window step having counted it (scraped every "
                    + MonitorSamples.PERIOD_MS + " ms). Then each process's CPU (%% of one core) per phase and its resident"
                    + " memory (VmRSS at the end, VmHWM: its peak). Fails unless every text is calibrated exactly once per"
                    + " variant and the services stop with 0 on SIGTERM."})
final class BenchPipelineCommand implements Callable<Integer> {
    static final int WARM_UP = 30;
    private static final Duration START_WAIT = Duration.ofMinutes(3);
    private static final Duration DRAIN_WAIT = Duration.ofMinutes(5);
    private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(5);

    @Spec
    CommandSpec spec;

    @Mixin
    BenchModelOptions modelOptions;

    @Option(names = "--data", paramLabel = "<csv>", description = "Texts (text,label). Default: the tweets' validation split.")
    Path data;

    @Option(names = "--texts", defaultValue = "1000", paramLabel = "<n>",
            description = "Texts produced at once in the throughput phase (0: none; then --rate is needed). Default: ${DEFAULT-VALUE}.")
    int texts;

    @Option(names = "--rate", paramLabel = "<texts/s>",
            description = "Texts a second in the latency phase. Default: half the throughput phase's slower variant.")
    Double rate;

    @Option(names = "--duration", defaultValue = "60s", paramLabel = "<duration>", converter = Seconds.class,
            description = "How long the latency phase sends texts (e.g. 90s, 2m). Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = "--label-delay", defaultValue = "2s", paramLabel = "<duration>", converter = Seconds.class,
            description = "How long after both its calibrated records were read a document's label is sent. Default: ${DEFAULT-VALUE}.")
    Duration labelDelay;

    @Option(names = "--partitions", defaultValue = "3", paramLabel = "<n>",
            description = "Partitions of every topic. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--service-java-opts", defaultValue = "", paramLabel = "<options>",
            description = "More JVM options for the three service processes, after their defaults (e.g. \"-Xmx512m\").")
    String serviceJavaOptions;

    private Consumer<String> progress;

    @Override
    public Integer call() throws Exception {
        checkOptions();
        PrintWriter out = spec.commandLine().getOut();
        Consumer<String> lines = BenchInputs.lines(spec.commandLine().getErr());
        long started = System.nanoTime();
        progress = line -> lines.accept(String.format(Locale.ROOT, "[%5.1f s] %s", (System.nanoTime() - started) / 1e9, line));
        ModelBundle bundle = modelOptions.load(progress);
        LabelledTexts corpus = corpus(bundle.numLabels());
        List<String> javaOptions = serviceJavaOptions.isBlank() ? List.of() : List.of(serviceJavaOptions.strip().split("\\s+"));
        String loadBefore = BenchKafkaCommand.loadAverage();
        try (ScratchDirectory dir = ScratchDirectory.create("fuzzycal-bench-pipeline")) {
            progress.accept("bench pipeline: starting the embedded broker and the Schema Registry in " + dir.path());
            try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dir.resolve("kafka")).port(0).start();
                 DevSchemaRegistryServer registryServer = DevSchemaRegistryServer.start(broker.clientProperties(), "127.0.0.1", 0)) {
                Map<String, Object> client = new HashMap<>(broker.clientProperties());
                try (Admin admin = Admin.create(client)) { // the reader of sentiment.calibrated needs it from the start
                    TopicProvisioner.ensure(admin, List.of(TopicProvisioner.topic(Topics.NEWS_TEXT, partitions, (short) 1),
                            TopicProvisioner.topic(Topics.CALIBRATED, partitions, (short) 1)));
                }
                progress.accept("bench pipeline: starting fuzzycal inference and monitor, then calibrate-stream, each in its own JVM");
                SchemaRegistry registry = SchemaRegistry.fromConfig(Map.of(SchemaRegistryConfig.URL, registryServer.url()));
                try (PipelineServices services = PipelineServices.start(broker.bootstrapServers(), registryServer.url(),
                        partitions, bundle.directory(), modelOptions.threads(), javaOptions, dir.path(), progress);
                     PipelineLoad load = new PipelineLoad(client, registry, corpus, labelDelay, progress);
                     MonitorSamples monitor = new MonitorSamples(services.get("monitor"))) {
                    return run(out, new Run(services, load, monitor, client, bundle, loadBefore));
                }
            }
        }
    }

    /** What the phases share once everything is up. */
    private record Run(PipelineServices services, PipelineLoad load, MonitorSamples monitor, Map<String, Object> client,
                       ModelBundle bundle, String loadBefore) {
    }

    private int run(PrintWriter out, Run run) throws Exception {
        PipelineLoad load = run.load();
        progress.accept("bench pipeline: warm-up: " + WARM_UP + " texts through every service");
        List<String> warmUp = load.send("w", WARM_UP, 0);
        awaitCalibrated("warm-up", run, warmUp, START_WAIT);
        await("warm-up: the monitor counting the labels of the warm-up", run, START_WAIT,
                () -> run.monitor().last().labelled() >= 2.0 * WARM_UP);

        int processes = run.services().all().size() + 1;
        double[] cpuStart = cpu(run);
        long throughputStart = System.nanoTime();
        PipelineReport.Phase throughput = null;
        if (texts > 0) {
            progress.accept("bench pipeline: throughput: " + texts + " texts at once");
            long t0 = System.nanoTime();
            List<String> ids = load.send("t", texts, 0);
            double sendSeconds = (System.nanoTime() - t0) / 1e9;
            awaitCalibrated("throughput", run, ids, DRAIN_WAIT);
            throughput = phase("throughput", sendSeconds, load.documents(ids));
        }
        double throughputSeconds = texts > 0 ? (System.nanoTime() - throughputStart) / 1e9 : 0;
        String loadAfterThroughput = BenchKafkaCommand.loadAverage();
        double[] cpuMiddle = cpu(run);

        double paced = rate != null ? rate : throughput.slowest() / 2;
        int n = Math.max(1, (int) Math.round(paced * duration.toMillis() / 1000.0));
        progress.accept(String.format(Locale.ROOT, "bench pipeline: latency: %d texts at %.1f texts/s", n, paced));
        int firstLabel = load.labelsSent();
        long latencyStartMs = System.currentTimeMillis();
        long latencyStart = System.nanoTime();
        long t0 = System.nanoTime();
        List<String> ids = load.send("l", n, paced);
        double sendSeconds = (System.nanoTime() - t0) / 1e9;
        awaitCalibrated("latency", run, ids, DRAIN_WAIT);
        double latencySeconds = (System.nanoTime() - latencyStart) / 1e9;
        long latencyEndMs = System.currentTimeMillis();
        double[] cpuEnd = cpu(run);
        PipelineReport.Phase latency = phase("latency", sendSeconds, load.documents(ids));

        int documents = WARM_UP + Math.max(texts, 0) + n;
        ServiceProcess calibration = run.services().get("calibrate-stream");
        ServiceProcess monitorProcess = run.services().get("monitor");
        await("every label sent and counted by the calibration stream and the monitor", run, DRAIN_WAIT,
                () -> load.labelsSent() >= documents && load.labelsPending() == 0
                        && matched(calibration, "fuzzycal_calibration_feedback_total") >= documents
                        && matched(monitorProcess, "fuzzycal_monitor_feedback_total") >= documents
                        && run.monitor().last().labelled() >= 2.0 * documents);

        List<PipelineReport.ProcessCost> costs = new ArrayList<>();
        for (int i = 0; i < processes - 1; i++) {
            PipelineServices.Service s = run.services().all().get(i);
            costs.add(new PipelineReport.ProcessCost(s.name(), String.join(" ", s.javaOptions()),
                    cpuMiddle[i] - cpuStart[i], cpuEnd[i] - cpuMiddle[i], s.process().residentKb(),
                    s.process().peakResidentKb()));
        }
        String self = Files.readString(ResidentMemory.STATUS);
        costs.add(new PipelineReport.ProcessCost("this JVM (broker, registry, load)", "-",
                cpuMiddle[processes - 1] - cpuStart[processes - 1], cpuEnd[processes - 1] - cpuMiddle[processes - 1],
                ResidentMemory.vmRssKb(self), ResidentMemory.vmHwmKb(self)));

        Map<String, Long> deadLetters = deadLetters(run.client());
        int duplicates = load.duplicates();
        int strangers = load.strangers();
        double calibrationMatched = matched(calibration, "fuzzycal_calibration_feedback_total");
        double monitorMatched = matched(monitorProcess, "fuzzycal_monitor_feedback_total");
        double refits = calibration.metric("fuzzycal_calibration_refits_tried_total");
        double promoted = calibration.metric("fuzzycal_calibration_refits_promoted_total");
        MonitorSamples.Sample from = run.monitor().at(latencyStartMs);
        MonitorSamples.Sample to = run.monitor().at(latencyEndMs);
        double monitorEventsPerSecond = (to.all() - from.all()) / Math.max(1e-3, (to.atMs() - from.atMs()) / 1000.0);
        double[] lags = run.monitor().labelLags(firstLabel, load.labelSendTimes(firstLabel)).stream()
                .mapToDouble(Double::doubleValue).toArray();
        int calibratedAll = throughput == null ? 0 : throughput.variants().stream().mapToInt(v -> v.calibrated()).min().orElse(0);
        boolean balanced = duplicates == 0 && strangers == 0
                && latency.variants().stream().allMatch(v -> v.calibrated() == v.texts())
                && (throughput == null || calibratedAll == texts);

        progress.accept("bench pipeline: stopping the services (SIGTERM)");
        run.monitor().close();
        List<Integer> exits = run.services().stop();

        PipelineReport.lines(out,
                String.format(Locale.ROOT, "bench pipeline: model %s (FP32 and INT4), inference --threads %d; %d partitions;"
                        + " texts from %s; labels %s after both calibrated records were read", run.bundle().modelId(),
                        modelOptions.threads(), partitions, BenchInputs.dataName(data), seconds(labelDelay)),
                "load average before: " + run.loadBefore() + "; after the throughput phase: " + loadAfterThroughput
                        + "; at the end: " + BenchKafkaCommand.loadAverage() + " ("
                        + Runtime.getRuntime().availableProcessors() + " cores)", "");
        if (throughput != null) {
            PipelineReport.lines(out, String.format(Locale.ROOT, "throughput, open loop: %d texts produced at once (in %.1f s);"
                    + " texts/s from the first text sent to the last calibrated record read", texts, throughput.sendSeconds()));
            out.print(PipelineReport.throughputTable(throughput));
            PipelineReport.lines(out, String.format(Locale.ROOT, "sustainable: %.1f texts/s (the slower variant)%s", throughput.slowest(),
                    rate == null ? "; the latency phase runs at half of it" : ""), "");
        }
        PipelineReport.lines(out, String.format(Locale.ROOT, "latency: %d texts paced at %.1f texts/s%s for %s (sent in %.1f s);"
                        + " ms from the text's record timestamp to", n, paced, rate == null ? " (half the sustainable rate)"
                        : " (--rate)", seconds(duration), sendSeconds),
                "  scored: the calibrated record's timestamp (CreateTime, its prediction's: when inference produced it)",
                "  calibrated: its producedAt (when the calibration stream produced it)",
                "  read: when this JVM's read_committed consumer received it (both transactions committed)");
        out.print(PipelineReport.latencyTable(latency));
        PipelineReport.lines(out, "",
                String.format(Locale.ROOT, "labels: %d sent; matched by the calibration stream %.0f, by the monitor %.0f;"
                        + " refits tried %.0f, promoted %.0f", load.labelsSent(), calibrationMatched, monitorMatched, refits, promoted),
                String.format(Locale.ROOT, "monitor during the latency phase: %.1f events/s through its window step"
                        + " (fuzzycal_monitor_events_total); label sent -> counted there: p50 %s ms, p99 %s ms over %d labels"
                        + " (to within %d ms)", monitorEventsPerSecond, ThroughputReport.fixed(KafkaBenchReport.percentile(lags, 0.5), 0),
                        ThroughputReport.fixed(KafkaBenchReport.percentile(lags, 0.99), 0), lags.length, MonitorSamples.PERIOD_MS),
                "");
        out.print(PipelineReport.processTable(costs, throughputSeconds, latencySeconds));
        PipelineReport.lines(out, "  CPU: % of one core over each phase, from its first text sent to its last"
                + " calibrated record read (" + Runtime.getRuntime().availableProcessors() + " cores: "
                + 100 * Runtime.getRuntime().availableProcessors() + "% in all); RSS: VmRSS at the end, peak: VmHWM"
                + " (the peaks need not coincide)", "");
        PipelineReport.lines(out, String.format(Locale.ROOT, "counts balance: %s (%d texts, each calibrated once per variant,"
                        + " read_committed; duplicates %d, unknown documents %d)", balanced ? "yes" : "NO", documents,
                        duplicates, strangers),
                "dead letters: " + (deadLetters.isEmpty() ? "none" : deadLetters.toString()),
                "services stopped on SIGTERM with exit codes " + exits);
        out.flush();
        boolean clean = exits.stream().allMatch(c -> c == 0);
        if (!balanced || !clean) {
            spec.commandLine().getErr().println("bench pipeline: " + (!balanced ? "the counts do not balance" : "")
                    + (!balanced && !clean ? "; " : "") + (!clean ? "a service did not stop with 0" : ""));
            return 1;
        }
        return 0;
    }

    private PipelineReport.Phase phase(String name, double sendSeconds, List<PipelineLoad.Document> documents) {
        List<PipelineReport.VariantFigures> figures = new ArrayList<>();
        for (Variant v : Variant.values()) {
            figures.add(PipelineReport.VariantFigures.of(v, documents));
        }
        return new PipelineReport.Phase(name, sendSeconds, figures);
    }

    private void awaitCalibrated(String phase, Run run, List<String> ids, Duration timeout) throws Exception {
        long[] nextProgress = {System.nanoTime() + PROGRESS_NANOS};
        boolean done = run.load().awaitCalibrated(ids, timeout, () -> {
            if (System.nanoTime() > nextProgress[0]) {
                progress.accept("bench pipeline: " + phase + ": " + run.load().calibrated(ids) + "/" + ids.size()
                        + " texts calibrated in both variants");
                nextProgress[0] += PROGRESS_NANOS;
            }
        });
        if (!done) {
            throw new IllegalStateException(phase + ": only " + run.load().calibrated(ids) + " of " + ids.size()
                    + " texts calibrated in both variants after " + timeout + "; " + state(run));
        }
    }

    private void await(String what, Run run, Duration timeout, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            run.load().check();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout + " waiting for " + what + "; " + state(run));
            }
            Thread.sleep(100);
        }
    }

    /** The services' counters and the tail of each one's log, for a failure's message. */
    private static String state(Run run) {
        StringBuilder s = new StringBuilder("labels sent " + run.load().labelsSent() + ", pending " + run.load().labelsPending());
        for (PipelineServices.Service service : run.services().all()) {
            try {
                String log = service.process().output();
                s.append("\n--- ").append(service.name()).append(" log (last 2000 characters) ---\n")
                        .append(log.substring(Math.max(0, log.length() - 2000)));
            } catch (IOException e) {
                s.append("\n--- ").append(service.name()).append(": ").append(e.getMessage());
            }
        }
        return s.toString();
    }

    private static double matched(ServiceProcess service, String counter) {
        try {
            return service.metric(counter, "outcome=\"matched\"");
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + counter + ": " + e.getMessage(), e);
        }
    }

    /** CPU seconds of each service, then of this JVM. */
    private static double[] cpu(Run run) throws IOException {
        double[] services = run.services().cpuSeconds();
        double[] all = java.util.Arrays.copyOf(services, services.length + 1);
        all[services.length] = ProcessHandle.current().info().totalCpuDuration()
                .orElseThrow(() -> new IOException("this system does not tell a process's CPU time")).toNanos() / 1e9;
        return all;
    }

    /** Records committed in each dead-letter topic that has any. */
    private static Map<String, Long> deadLetters(Map<String, Object> client) throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        try (Admin admin = Admin.create(client)) {
            for (String topic : admin.listTopics().names().get(30, TimeUnit.SECONDS)) {
                if (topic.endsWith(".dlq")) {
                    long n = CommittedTopic.readToEnd(client, topic).size();
                    if (n > 0) {
                        counts.put(topic, n);
                    }
                }
            }
        }
        return counts;
    }

    private LabelledTexts corpus(int numLabels) throws IOException {
        Path file = data != null ? data : BundledData.validationSplitCopy();
        try {
            return LabelledTexts.readCsv(file, numLabels);
        } finally {
            if (data == null) {
                Files.deleteIfExists(file);
            }
        }
    }

    private void checkOptions() {
        if (texts < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--texts must be >= 0, got " + texts);
        }
        if (rate != null && !(rate > 0 && Double.isFinite(rate))) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rate must be a number of texts/s > 0, got " + rate);
        }
        if (texts == 0 && rate == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--texts 0 skips the throughput phase that --rate defaults to half of: give --rate");
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--duration must be > 0, got " + seconds(duration));
        }
        if (partitions < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--partitions must be >= 1, got " + partitions);
        }
        if (data != null && !Files.isReadable(data)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--data: cannot read " + data);
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    /** Reads {@code 90s}, {@code 2m}, {@code 500ms} or a bare number of seconds. */
    static final class Seconds implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern AMOUNT = Pattern.compile("(\\d+)(ms|s|m)?");

        @Override
        public Duration convert(String value) {
            Matcher m = AMOUNT.matcher(value.strip());
            if (!m.matches()) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (examples: 500ms, 90s, 2m)");
            }
            long amount = Long.parseLong(m.group(1));
            return "ms".equals(m.group(2)) ? Duration.ofMillis(amount)
                    : "m".equals(m.group(2)) ? Duration.ofMinutes(amount) : Duration.ofSeconds(amount);
        }
    }
}
