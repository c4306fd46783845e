package io.fuzzycal.bench;

import io.fuzzycal.devkafka.DevSchemaRegistryServer;
import io.fuzzycal.devkafka.CommittedTopic;
import io.fuzzycal.devkafka.EmbeddedKafkaBroker;
import io.fuzzycal.monitor.MonitorConfig;
import io.fuzzycal.monitor.MonitorService;
import io.fuzzycal.schemas.StreamsSettings;
import io.fuzzycal.schemas.TopicProvisioner;
import io.fuzzycal.schemas.avro.CalibratedPrediction;
import io.fuzzycal.schemas.avro.Variant;
import io.fuzzycal.schemas.registry.InMemorySchemaRegistry;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.schemas.registry.SchemaRegistryConfig;
import io.fuzzycal.schemas.serde.AvroSerializer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fuzzycal bench monitor}: labelled documents per second through the monitor against a plain
 * Kafka Streams relay of the same input on the same broker, and the resident memory of the monitor
 * alone with its default windows full.
 */
@Command(name = "monitor",
        mixinStandardHelpOptions = true,
        description = {"Labelled documents/s through the monitor against a plain Kafka Streams relay (byte[] in, byte[]"
                + " out, both input topics) with the same settings (exactly_once_v2, one stream thread), both reading"
                + " the same preloaded topics on an embedded broker in this JVM: --documents documents, each an FP32 and"
                + " an INT4 CalibratedPrediction (3 classes, over-confident raw, calibrated calibrated) and one JSON"
                + " label, spread over 50 minutes of record time. The relay is done when its output holds every input"
                + " record (read_committed); the monitor when its window step has taken every prediction and labelled"
                + " prediction (fuzzycal_monitor_events_total). Each is timed from its first output to its last, so"
                + " start-up is left out alike; --repeat passes in turn, each with a fresh application id.",
            "Then the monitor alone: fuzzycal monitor in a JVM of its own (--service-java-opts), default windows"
                    + " (1 h advancing 1 min, the last 2,000 labels), takes the same documents, all inside one hour so"
                    + " that its windows are full; prints its resident memory and heap; it must exit 0 on SIGTERM.",
            "With --windows, each pass runs the monitor once per window shape instead (time window advancing 1 min,"
                    + " and count window) and prints the cost per event of each against the relay of the pass; the"
                    + " monitor alone is left out.",
            "Broker data and Kafka Streams state live in a temporary directory, deleted at the end."})
final class BenchMonitorCommand implements Callable<Integer> {
    static final double TARGET = 0.5;
    static final double MEMORY_TARGET_MB = 400;
    private static final int PARTITIONS = 3;
    private static final Duration WAIT = Duration.ofMinutes(10);
    private static final List<String> CLASSES = SyntheticPredictions.CLASSES;

    @Spec
    CommandSpec spec;

    @Mixin
    StreamBenchOptions options;

    @Option(names = "--documents", defaultValue = "20000", paramLabel = "<n>",
            description = "Labelled documents (two predictions and a label each). Default: ${DEFAULT-VALUE}.")
    int documents;

    @Option(names = "--repeat", defaultValue = "2", paramLabel = "<n>",
            description = "Passes of the relay and the monitor, in turn. Default: ${DEFAULT-VALUE}.")
    int repeat;

    @Option(names = "--windows", split = ",", paramLabel = "<time>:<count>[,...]",
            description = "Window shapes to compare, e.g. 5m:500,15m:2000,1h:2000: the time window (minutes or hours,"
                    + " advancing 1 min; the documents span 50 minutes) and the count window (labelled predictions per"
                    + " model variant). Default: none, the default windows and the monitor alone.")
    List<String> windows = List.of();

    private static final Pattern WINDOW = Pattern.compile("(\\d+)([mh]):(\\d+)");

    /** A time window (advancing 1 min) and a count window. */
    record WindowShape(Duration time, int count) {
        @Override
        public String toString() {
            long minutes = time.toMinutes();
            return (minutes % 60 == 0 ? minutes / 60 + "h" : minutes + "m") + ":" + count;
        }
    }

    /** The monitor's run of one window shape in one pass. */
    record WindowRun(WindowShape shape, int pass, Measured measured) {
    }

    /** From the first output to the last: {@code done} units over {@code seconds}. */
    record Measured(long expected, long timed, double seconds) {
        /** Labelled documents/s: the timed share of the work, in documents. */
        double documentsPerSecond(int documents) {
            return seconds <= 0 || timed * 2 < expected ? Double.NaN : (double) timed / expected * documents / seconds;
        }
    }

    @Override
    public Integer call() throws Exception {
        if (documents < 2 || repeat < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--documents must be >= 2 and --repeat >= 1");
        }
        List<WindowShape> shapes = windowShapes();
        PrintWriter out = spec.commandLine().getOut();
        Consumer<String> progress = BenchInputs.lines(spec.commandLine().getErr());
        String scope = "bench-monitor-" + UUID.randomUUID();
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(scope);
        Path dir = Files.createTempDirectory("fuzzycal-bench-monitor");
        // record times: the last 50 minutes, so that the broker's retention keeps them and one hour holds them all
        long base = System.currentTimeMillis() - Duration.ofMinutes(55).toMillis();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dir.resolve("kafka")).port(0).start()) {
            Map<String, Object> client = new HashMap<>(broker.clientProperties());
            try (Admin admin = Admin.create(client)) {
                List<org.apache.kafka.clients.admin.NewTopic> topics = new ArrayList<>(List.of(
                        TopicProvisioner.topic("bench.calibrated", PARTITIONS, (short) 1),
                        TopicProvisioner.topic("bench.feedback", PARTITIONS, (short) 1)));
                for (int pass = 1; pass <= repeat; pass++) {
                    topics.add(TopicProvisioner.topic("bench.relayed." + pass, PARTITIONS, (short) 1));
                }
                TopicProvisioner.ensure(admin, topics);
            }
            produce(client, registry, "bench.", base, progress);
            List<Measured> relays = new ArrayList<>();
            List<Measured> monitors = new ArrayList<>();
            List<WindowRun> windowRuns = new ArrayList<>();
            MonitorConfig defaults = MonitorConfig.defaults(PARTITIONS);
            for (int pass = 1; pass <= repeat; pass++) {
                relays.add(relay(broker, client, dir, pass, progress));
                if (shapes.isEmpty()) {
                    monitors.add(monitor(broker, registry, dir, "" + pass, defaults, progress));
                }
                for (int w = 0; w < shapes.size(); w++) {
                    WindowShape shape = shapes.get(w);
                    MonitorConfig config = defaults.withWindows(shape.time(), Duration.ofMinutes(1),
                            defaults.closeDelay(), shape.count());
                    windowRuns.add(new WindowRun(shape, pass,
                            monitor(broker, registry, dir, pass + "-" + (w + 1), config, progress)));
                }
            }
            if (shapes.isEmpty()) {
                report(out, relays, monitors, alone(broker, client, dir, base, progress));
            } else {
                reportWindows(out, relays, windowRuns);
            }
        } finally {
            InMemorySchemaRegistry.dropScope(scope);
            ScratchDirectory.delete(dir);
        }
        return 0;
    }

    private StreamsSettings settings(EmbeddedKafkaBroker broker, String applicationId, Path stateDir) {
        return new StreamsSettings(broker.bootstrapServers(), options.kafka, applicationId, stateDir, PARTITIONS,
                (short) 1, 1, "bench");
    }

    private Measured relay(EmbeddedKafkaBroker broker, Map<String, Object> client, Path dir, int pass,
                           Consumer<String> progress) throws Exception {
        StreamsBuilder b = new StreamsBuilder();
        Consumed<byte[], byte[]> raw = Consumed.with(Serdes.ByteArray(), Serdes.ByteArray());
        b.stream("bench.calibrated", raw).merge(b.stream("bench.feedback", raw))
                .to("bench.relayed." + pass, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        progress.accept("bench monitor: pass " + pass + ": relay");
        try (CommittedTopic counter = CommittedTopic.open(client, "bench.relayed." + pass);
             KafkaStreams relay = new KafkaStreams(b.build(), settings(broker, "bench-relay-" + pass + "-"
                     + UUID.randomUUID(), dir.resolve("relay-" + pass)).streamsProperties())) {
            relay.start();
            return measure("relay", () -> {
                counter.poll(java.time.Duration.ofMillis(20));
                return counter.count();
            }, 3L * documents, progress);
        }
    }

    /** {@code run}: names this run's output topics and application id. */
    private Measured monitor(EmbeddedKafkaBroker broker, InMemorySchemaRegistry registry, Path dir, String run,
                             MonitorConfig windows, Consumer<String> progress) throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        MonitorConfig config = windows.withTopics("bench.calibrated", "bench.feedback",
                "bench.models." + run, "bench.metrics." + run, "bench.alerts." + run);
        progress.accept("bench monitor: pass " + run + ": monitor (" + config.windowSize() + " advancing "
                + config.windowAdvance() + ", last " + config.countWindow() + " labels)");
        try (MonitorService monitor = MonitorService.start(settings(broker, "bench-monitor-" + run + "-"
                + UUID.randomUUID(), dir.resolve("monitor-" + run)), config, registry, meters)) {
            return measure("monitor", () -> (long) (events(meters, "prediction") + events(meters, "labelled")),
                    4L * documents, progress);
        }
    }

    private static double events(SimpleMeterRegistry meters, String kind) {
        Counter c = meters.find("fuzzycal.monitor.events").tag("kind", kind).counter();
        return c == null ? 0 : c.count();
    }

    private static Measured measure(String name, LongSupplier done, long expected, Consumer<String> progress)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long first = 0;
        long firstDone = 0;
        long nextProgress = System.nanoTime() + 3_000_000_000L;
        long n;
        while ((n = done.getAsLong()) < expected) {
            long now = System.nanoTime();
            if (first == 0 && n > 0) {
                first = now;
                firstDone = n;
            }
            if (now > deadline) {
                throw new IllegalStateException(name + ": only " + n + " of " + expected + " after " + WAIT);
            }
            if (now > nextProgress) {
                progress.accept("bench monitor: " + name + ": " + n + "/" + expected);
                nextProgress += 3_000_000_000L;
            }
            Thread.sleep(20);
        }
        return new Measured(expected, expected - firstDone, (System.nanoTime() - first) / 1e9);
    }

    /** The monitor alone in its own JVM, default windows, the same documents: its memory once they are in. */
    private ServiceMemory alone(EmbeddedKafkaBroker broker, Map<String, Object> client, Path dir, long base,
                                Consumer<String> progress) throws Exception {
        try (DevSchemaRegistryServer http = DevSchemaRegistryServer.start(client, "127.0.0.1", 0)) {
            SchemaRegistry registry = SchemaRegistry.fromConfig(Map.of(SchemaRegistryConfig.URL, http.url()));
            produce(client, registry, "bench.service.", base, progress);
            List<String> args = new ArrayList<>(List.of("monitor", "--bootstrap-servers", broker.bootstrapServers(),
                    "--schema-registry", http.url(), "--partitions", Integer.toString(PARTITIONS),
                    "--application-id", "bench-monitor-service", "--instance-id", "bench",
                    "--state-dir", dir.resolve("service-state").toString()));
            // the topics of this run, through the settings layering's generic keys
            Path settings = dir.resolve("monitor.properties");
            Files.writeString(settings, "calibrated.topic=bench.service.calibrated\nfeedback.topic=bench.service.feedback\n"
                    + "models.topic=bench.service.models\nmetrics.topic=bench.service.metrics\n"
                    + "alerts.topic=bench.service.alerts\n");
            args.addAll(List.of("--config", settings.toString()));
            options.kafka.forEach((k, v) -> args.addAll(List.of("--kafka", k + "=" + v)));
            List<String> javaOptions = StreamBenchOptions.javaOptionList(options.serviceJavaOptions);
            progress.accept("bench monitor: the monitor alone: starting fuzzycal monitor in its own JVM");
            try (ServiceProcess service = ServiceProcess.start(javaOptions, args, dir.resolve("monitor.log"))) {
                service.awaitStarted();
                long started = service.residentKb();
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (service.metric("fuzzycal_monitor_events_total", "kind=\"labelled\"") < 2.0 * documents) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the monitor took only " + service.metric(
                                "fuzzycal_monitor_events_total", "kind=\"labelled\"") + " labelled predictions: "
                                + service.output());
                    }
                    Thread.sleep(200);
                }
                Thread.sleep(2_000); // a window close or two with the windows full
                ServiceMemory memory = new ServiceMemory(started, service.residentKb(),
                        (long) service.metric("jvm_memory_used_bytes", "area=\"heap\""),
                        (long) service.max("jvm_memory_max_bytes", "area=\"heap\""),
                        service.metric("fuzzycal_monitor_feedback_total", "outcome=\"matched\""));
                int exit = service.stop();
                if (exit != 0) {
                    throw new IllegalStateException("the monitor exited with " + exit + " on SIGTERM: " + service.output());
                }
                return memory;
            }
        }
    }

    /** Resident set at start and with the windows full (KiB), heap used and max (bytes), labels matched. */
    record ServiceMemory(long startedKb, long fullKb, long heapUsed, long heapMax, double matched) {
    }

    /** The documents: FP32 and INT4 predictions, then the labels 1 s after, over 50 minutes of record time. */
    private void produce(Map<String, Object> client, SchemaRegistry registry, String prefix, long base,
                         Consumer<String> progress) throws Exception {
        progress.accept("bench monitor: producing " + documents + " documents to " + prefix + "*");
        Random random = new Random(options.seed);
        AvroSerializer<CalibratedPrediction> avro = new AvroSerializer<>(registry);
        long step = Math.max(1, Duration.ofMinutes(50).toMillis() / documents);
        int[] labels = new int[documents];
        try (AcknowledgedSender<byte[], byte[]> producer = new AcknowledgedSender<>(client, new ByteArraySerializer(),
                new ByteArraySerializer(), "documents", progress)) {
            for (int d = 0; d < documents; d++) {
                double[] q = new double[3];
                double sum = 0;
                for (int k = 0; k < 3; k++) {
                    q[k] = -Math.log(1 - random.nextDouble()) * (k == d % 3 ? 3 : 1);
                    sum += q[k];
                }
                for (int k = 0; k < 3; k++) {
                    q[k] /= sum;
                }
                double u = random.nextDouble();
                labels[d] = u < q[0] ? 0 : u < q[0] + q[1] ? 1 : 2;
                String id = "doc-" + d;
                for (Variant v : Variant.values()) {
                    CalibratedPrediction p = CalibratedPrediction.newBuilder().setDocumentId(id)
                            .setModelId(SyntheticPredictions.MODEL_ID).setVariant(v).setLabels(CLASSES)
                            .setRawProbabilities(boxed(sharpen(q, v == Variant.FP32 ? 3 : 3.2)))
                            .setCalibratedProbabilities(boxed(q)).setCalibratorVersion(1).setCalibratorMethod("fuzzy")
                            .setProducedAt(Instant.ofEpochMilli(base + d * step)).build();
                    producer.send(new ProducerRecord<>(prefix + "calibrated", null, base + d * step,
                            id.getBytes(StandardCharsets.UTF_8), avro.serialize(prefix + "calibrated", p)));
                }
            }
            for (int d = 0; d < documents; d++) {
                String id = "doc-" + d;
                producer.send(new ProducerRecord<>(prefix + "feedback", null, base + d * step + 1_000,
                        id.getBytes(StandardCharsets.UTF_8), ("{\"id\":\"" + id + "\",\"label\":" + labels[d] + "}")
                        .getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    private static double[] sharpen(double[] q, double power) {
        double[] z = new double[q.length];
        double sum = 0;
        for (int k = 0; k < q.length; k++) {
            z[k] = Math.pow(q[k], power);
            sum += z[k];
        }
        for (int k = 0; k < q.length; k++) {
            z[k] /= sum;
        }
        return z;
    }

    private static List<Double> boxed(double[] v) {
        List<Double> out = new ArrayList<>(v.length);
        for (double d : v) {
            out.add(d);
        }
        return out;
    }

    private void report(PrintWriter out, List<Measured> relays, List<Measured> monitors, ServiceMemory alone) {
        out.printf(Locale.ROOT, "%d documents (FP32 + INT4 CalibratedPrediction and a JSON label each), topics of %d"
                + " partitions on an embedded broker in this JVM; both apps exactly_once_v2, 1 stream thread%s%n",
                documents, PARTITIONS, options.kafka.isEmpty() ? "" : ", " + new java.util.TreeMap<>(options.kafka));
        TextTable t = new TextTable("path", "pass", "seconds", "labelled documents/s", "% of relay");
        for (int p = 0; p < relays.size(); p++) {
            double relay = relays.get(p).documentsPerSecond(documents);
            double monitor = monitors.get(p).documentsPerSecond(documents);
            t.row("relay (byte[] copy)", Integer.toString(p + 1), fixed(relays.get(p).seconds(), 2), fixed(relay, 1),
                    "100.0");
            t.row("monitor", Integer.toString(p + 1), fixed(monitors.get(p).seconds(), 2), fixed(monitor, 1),
                    fixed(100 * monitor / relay, 1));
        }
        out.print(t.render());
        double bestRelay = relays.stream().mapToDouble(m -> m.documentsPerSecond(documents)).max().orElse(Double.NaN);
        double bestMonitor = monitors.stream().mapToDouble(m -> m.documentsPerSecond(documents)).max()
                .orElse(Double.NaN);
        double share = bestMonitor / bestRelay;
        out.printf(Locale.ROOT, "monitor >= %.0f%% of relay (best pass of each, %.1f / %.1f documents/s): %.1f%% %s%n",
                100 * TARGET, bestMonitor, bestRelay, 100 * share, ThroughputReport.verdict(share >= TARGET));
        double fullMb = alone.fullKb() / 1024.0;
        out.printf(Locale.ROOT, "%nthe monitor alone (%s; max heap %.1f MB), default windows (1 h every 1 min, last 2000"
                        + " labels) holding %d documents: resident %.1f MB at start, %.1f MB with the windows full"
                        + " (heap used %.1f MB; %.0f labels matched)%n",
                StreamBenchOptions.describe(options.serviceJavaOptions),
                alone.heapMax() / 1048576.0, documents, alone.startedKb() / 1024.0, fullMb,
                alone.heapUsed() / 1048576.0, alone.matched());
        out.printf(Locale.ROOT, "monitor resident memory with its windows full < %.0f MB: %.1f MB %s%n",
                MEMORY_TARGET_MB, fullMb, ThroughputReport.verdict(fullMb < MEMORY_TARGET_MB));
        out.flush();
    }

    /** The --windows shapes; a usage error for one that is not {@code <n>m:<count>} or {@code <n>h:<count>}. */
    private List<WindowShape> windowShapes() {
        List<WindowShape> shapes = new ArrayList<>();
        for (String w : windows) {
            Matcher m = WINDOW.matcher(w.strip());
            int count = m.matches() ? Integer.parseInt(m.group(3)) : 0;
            long amount = m.matches() ? Long.parseLong(m.group(1)) : 0;
            if (count < 1 || amount < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--windows: '" + w + "' is not"
                        + " <time>:<count> with a time of whole minutes or hours (e.g. 15m:2000, 1h:500) and a count >= 1");
            }
            shapes.add(new WindowShape(m.group(2).equals("h") ? Duration.ofHours(amount) : Duration.ofMinutes(amount),
                    count));
        }
        return shapes;
    }

    /** The monitor's cost per event by window shape, each against the relay of its pass. */
    private void reportWindows(PrintWriter out, List<Measured> relays, List<WindowRun> runs) {
        out.printf(Locale.ROOT, "%d documents (FP32 + INT4 CalibratedPrediction and a JSON label each, 4 monitor events"
                + " per document) spread over 50 minutes of record time, topics of %d partitions on an embedded broker in"
                + " this JVM; both apps exactly_once_v2, 1 stream thread%s%n", documents, PARTITIONS,
                options.kafka.isEmpty() ? "" : ", " + new java.util.TreeMap<>(options.kafka));
        TextTable t = new TextTable("window (time:count)", "pass", "documents per time window", "seconds",
                "us per event", "labelled documents/s", "% of relay");
        for (WindowRun r : runs) {
            Measured m = r.measured();
            double relay = relays.get(r.pass() - 1).documentsPerSecond(documents);
            double monitor = m.documentsPerSecond(documents);
            long perWindow = Math.min(documents, documents * r.shape().time().toMinutes() / 50);
            t.row(r.shape().toString(), Integer.toString(r.pass()), Long.toString(perWindow), fixed(m.seconds(), 2),
                    fixed(m.timed() * 2 < m.expected() || m.seconds() <= 0 ? Double.NaN : 1e6 * m.seconds() / m.timed(), 1),
                    fixed(monitor, 1), fixed(100 * monitor / relay, 1));
        }
        for (int p = 0; p < relays.size(); p++) {
            t.row("relay (byte[] copy)", Integer.toString(p + 1), "-", fixed(relays.get(p).seconds(), 2), "-",
                    fixed(relays.get(p).documentsPerSecond(documents), 1), "100.0");
        }
        out.print(t.render());
        out.println("us per event: the monitor's seconds over the events it took after its first (an event: a prediction"
                + " or a labelled prediction); documents per time window: of the 50 minutes of documents, those one"
                + " time window holds");
        out.flush();
    }

    private static String fixed(double v, int digits) {
        return ThroughputReport.fixed(v, digits);
    }
}
