package io.fuzzycal.cli.bench;

import io.fuzzycal.calibration.CalibrationMethods;
import io.fuzzycal.calibration.CalibrationSet;
import io.fuzzycal.calibration.FittedCalibrator;
import io.fuzzycal.cli.FuzzycalVersion;
import io.fuzzycal.cli.broker.EmbeddedKafkaBroker;
import io.fuzzycal.inference.Softmax;
import io.fuzzycal.schemas.TopicProvisioner;
import io.fuzzycal.schemas.avro.Prediction;
import io.fuzzycal.schemas.avro.Variant;
import io.fuzzycal.schemas.registry.InMemorySchemaRegistry;
import io.fuzzycal.schemas.serde.AvroSerializer;
import io.fuzzycal.stream.CalibrationStreamConfig;
import io.fuzzycal.stream.CalibrationStreamService;
import io.fuzzycal.stream.RefitPolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fuzzycal bench calibrate-stream}: calibrated predictions per second through the calibration
 * stream against a plain Kafka Streams relay with the same settings, on the same preloaded topic of
 * an embedded broker; the apply latency per variant; and the process's memory once a refit window is
 * full.
 */
@Command(name = "calibrate-stream",
        mixinStandardHelpOptions = true,
        versionProvider = FuzzycalVersion.class,
        description = {"Predictions/s through the calibration stream against the limit of a plain Kafka Streams relay"
                + " (byte[] in, byte[] out) with the same settings (exactly_once_v2, its commit interval, one stream"
                + " thread), both reading the same topic of synthetic Prediction Avro records (half FP32, half INT4,"
                + " 3 classes, over-confident) on an embedded broker in this JVM. Each side counts its committed output"
                + " (read_committed) and is timed from its first committed batch to its last, so that start-up"
                + " (group join, state stores) is left out alike; in --repeat passes taken in turn, each with a fresh"
                + " application id; the target line compares the best pass of each (too few --predictions for more"
                + " than one commit interval print '-'). Prints the apply latency p50/p99 of each variant, from the"
                + " fuzzycal.calibration.apply.latency timer.",
            "Then sends JSON labels for the documents, after their predictions, until the refit window of the model"
                    + " holds --window-size labelled documents (no refit runs: refit every 1,000,000 labels or 24h),"
                    + " and prints the process's resident memory and heap. The broker runs in the same JVM, so the"
                    + " resident memory bounds the stream's from above; the same figure after the relay alone is"
                    + " printed as a baseline.",
            "Broker data and Kafka Streams state live in a temporary directory, deleted at the end."})
final class BenchCalibrateStreamCommand implements Callable<Integer> {
    static final List<String> CLASSES = List.of("Bearish", "Bullish", "Neutral");
    static final String MODEL_ID = "bench-overconfident";
    static final double TARGET = 0.5;
    static final String PREDICTIONS = "bench.predictions";
    static final String RELAYED = "bench.relayed";
    private static final int PARTITIONS = 3;
    private static final Duration WAIT = Duration.ofMinutes(10);
    private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(3);

    @Spec
    CommandSpec spec;

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

    @Option(names = "--kafka", paramLabel = "<key=value>",
            description = "A Kafka client or Streams property for both apps (e.g. commit.interval.ms=1000); repeatable.")
    Map<String, String> kafka = new HashMap<>();

    @Option(names = "--seed", defaultValue = "42", paramLabel = "<n>", description = "Seed of the synthetic data. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() throws Exception {
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
        PrintWriter out = spec.commandLine().getOut();
        Consumer<String> progress = BenchInputs.lines(spec.commandLine().getErr());
        int documents = predictions / 2;
        SyntheticPredictions data = new SyntheticPredictions(documents, seed);

        progress.accept("bench calibrate-stream: fitting a fuzzy calibrator on 5000 other synthetic rows (applied as version 0)");
        FittedCalibrator initial = SyntheticPredictions.fitInitial(seed + 1);

        String scope = "bench-calibrate-stream-" + UUID.randomUUID();
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(scope);
        Path dir = Files.createTempDirectory("fuzzycal-bench-calibrate-stream");
        try {
            progress.accept("bench calibrate-stream: starting the embedded broker in " + dir);
            try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dir.resolve("kafka")).port(0).start()) {
                Map<String, Object> client = new HashMap<>(broker.clientProperties());
                try (Admin admin = Admin.create(client)) {
                    List<NewTopic> topics = new ArrayList<>();
                    topics.add(TopicProvisioner.topic(PREDICTIONS, PARTITIONS, (short) 1));
                    for (int pass = 1; pass <= repeat; pass++) {
                        topics.add(TopicProvisioner.topic(RELAYED + "." + pass, PARTITIONS, (short) 1));
                        topics.add(TopicProvisioner.topic(config(pass, initial).calibratedTopic(), PARTITIONS, (short) 1));
                    }
                    TopicProvisioner.ensure(admin, topics);
                }
                try (AcknowledgedSender<byte[], byte[]> producer = sender(client, "predictions", progress)) {
                    produce(producer, data, new AvroSerializer<>(registry), progress);
                }

                // Passes of the relay (the limit) and the calibration stream in turn, on the same input topic:
                // background load on a small machine then hits both alike. The last calibration stream stays up
                // for the labels.
                List<Measured> relays = new ArrayList<>();
                List<Measured> calibrations = new ArrayList<>();
                List<Map<Variant, double[]>> latencies = new ArrayList<>();
                Memory afterRelay = null;
                CalibrationStreamService service = null;
                SimpleMeterRegistry meters = null;
                long commitMs = 0;
                try {
                    for (int pass = 1; pass <= repeat; pass++) {
                        Properties relayProps = CalibrationStreamService.streamsProperties(
                                settings(broker, "bench-relay-" + pass + "-" + UUID.randomUUID(), dir.resolve("streams-relay-" + pass)));
                        commitMs = new StreamsConfig(relayProps).getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
                        StreamsBuilder relayTopology = new StreamsBuilder();
                        relayTopology.stream(PREDICTIONS, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                                .to(RELAYED + "." + pass, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
                        try (CommittedCounter counter = new CommittedCounter(client, RELAYED + "." + pass)) {
                            progress.accept("bench calibrate-stream: pass " + pass + "/" + repeat + ": relaying "
                                    + predictions + " records");
                            KafkaStreams relay = new KafkaStreams(relayTopology.build(), relayProps);
                            try {
                                long started = System.nanoTime();
                                relay.start();
                                relays.add(measure("relay", relay::state, started, counter, predictions, progress));
                                if (pass == 1) {
                                    afterRelay = Memory.now(); // before any calibration stream ran
                                }
                            } finally {
                                relay.close(Duration.ofSeconds(60));
                            }
                        }

                        if (service != null) {
                            service.close();
                        }
                        meters = new SimpleMeterRegistry();
                        CalibrationStreamService.Settings settings = settings(broker,
                                "bench-calibration-" + pass + "-" + UUID.randomUUID(), dir.resolve("streams-calibration-" + pass));
                        CalibrationStreamConfig config = config(pass, initial);
                        try (CommittedCounter counter = new CommittedCounter(client, config.calibratedTopic())) {
                            progress.accept("bench calibrate-stream: pass " + pass + "/" + repeat + ": calibrating "
                                    + predictions + " predictions");
                            long started = System.nanoTime();
                            service = CalibrationStreamService.start(settings, config, registry, meters);
                            calibrations.add(measure("calibration", service::state, started, counter, predictions, progress));
                        }
                        Map<Variant, double[]> latency = new EnumMap<>(Variant.class);
                        for (Variant v : Variant.values()) {
                            latency.put(v, percentilesMicros(meters, v));
                        }
                        latencies.add(latency);
                        double deadLetters = meters.find("fuzzycal.calibration.records.dlq").counters().stream()
                                .mapToDouble(Counter::count).sum();
                        if (deadLetters > 0) {
                            throw new IllegalStateException("pass " + pass + ": " + deadLetters + " predictions dead-lettered");
                        }
                    }
                    Memory afterCalibration = Memory.now();

                    // labels until the window of the last calibration stream is full
                    Labelling labelled;
                    try (AcknowledgedSender<byte[], byte[]> producer = sender(client, "labels", progress)) {
                        labelled = label(producer, config(repeat, initial).feedbackTopic(), data, meters, progress);
                    }
                    Memory windowFull = Memory.now();
                    System.gc();
                    Memory afterGc = Memory.now();

                    report(out, commitMs, relays, calibrations, latencies, initial, labelled,
                            List.of(afterRelay, afterCalibration, windowFull, afterGc));
                } finally {
                    if (service != null) {
                        service.close();
                    }
                }
            }
        } finally {
            InMemorySchemaRegistry.dropScope(scope);
            BenchKafkaCommand.deleteRecursively(dir);
        }
        return 0;
    }

    private void report(PrintWriter out, long commitMs, List<Measured> relays, List<Measured> calibrations,
                        List<Map<Variant, double[]>> latencies, FittedCalibrator initial, Labelling labelled,
                        List<Memory> memory) {
        out.printf(Locale.ROOT, "%d predictions (%d documents x FP32 + INT4, 3 classes, over-confident), a topic of %d"
                + " partitions on an embedded broker in this JVM; calibrator: %s (version 0)%n", predictions,
                predictions / 2, PARTITIONS, initial.method());
        out.printf(Locale.ROOT, "both apps: exactly_once_v2, commit interval %d ms, 1 stream thread, fresh application id"
                + " per pass%s; output counted committed (read_committed)%n", commitMs,
                kafka.isEmpty() ? "" : ", " + new java.util.TreeMap<>(kafka));
        TextTable t = new TextTable("path", "pass", "records", "timed", "seconds", "records/s", "% of relay",
                "FP32 apply p50/p99 us", "INT4 apply p50/p99 us", "to 1st output s");
        for (int p = 0; p < relays.size(); p++) {
            Measured relay = relays.get(p);
            Measured calibration = calibrations.get(p);
            t.row("relay (byte[] copy)", Integer.toString(p + 1), Integer.toString(relay.records()),
                    Long.toString(relay.timed()), fixed(relay.seconds(), 2), fixed(relay.rate(), 1), "100.0", "-", "-",
                    fixed(relay.startupSeconds(), 2));
            t.row("calibration stream", Integer.toString(p + 1), Integer.toString(calibration.records()),
                    Long.toString(calibration.timed()), fixed(calibration.seconds(), 2), fixed(calibration.rate(), 1),
                    fixed(100 * calibration.rate() / relay.rate(), 1), pair(latencies.get(p).get(Variant.FP32)),
                    pair(latencies.get(p).get(Variant.INT4)), fixed(calibration.startupSeconds(), 2));
        }
        out.print(t.render());
        out.println("timed: records committed after the first committed batch, over the seconds from that batch to the"
                + " last; % of relay: against the relay of the same pass; to 1st output s: from start() to the first"
                + " committed batch (group join, task and store set-up), not timed");
        double bestRelay = relays.stream().mapToDouble(Measured::rate).filter(r -> !Double.isNaN(r)).max().orElse(Double.NaN);
        double bestCalibration = calibrations.stream().mapToDouble(Measured::rate).filter(r -> !Double.isNaN(r)).max()
                .orElse(Double.NaN);
        double share = bestCalibration / bestRelay;
        if (Double.isNaN(share)) {
            out.printf(Locale.ROOT, "calibration >= %.0f%% of relay: not measured (too few --predictions to time)%n",
                    100 * TARGET);
        } else {
            out.printf(Locale.ROOT, "calibration >= %.0f%% of relay (best pass of each, %.1f / %.1f records/s): %.1f%% %s%n",
                    100 * TARGET, bestCalibration, bestRelay, 100 * share, ThroughputReport.verdict(share >= TARGET));
        }
        out.printf(Locale.ROOT, "labels: %d JSON labels over %d documents, %d matched in %.2f s (%.1f labels/s)%n",
                labels, Math.min(labels, predictions / 2), labelled.matched(), labelled.seconds(),
                labelled.matched() / labelled.seconds());
        out.printf(Locale.ROOT, "refit window entries (gauge fuzzycal.calibration.window.size, model %s):"
                        + " %d at the end, at most %d in %d samples while labelling; configured %d%n",
                MODEL_ID, labelled.finalWindow(), labelled.maxWindow(), labelled.samples(), windowSize);
        out.printf(Locale.ROOT, "JVM max heap %.1f MB%n", Runtime.getRuntime().maxMemory() / (1024.0 * 1024.0));
        TextTable m = new TextTable("process memory (broker in this JVM)", "resident MB", "heap used MB",
                "heap committed MB");
        List<String> stages = List.of("after relay pass 1 (broker + relay)", relays.size() == 1
                        ? "after the calibration pass" : "after " + relays.size() + " calibration passes ("
                        + (relays.size() - 1) + " closed)",
                "window full (" + windowSize + ")", "window full, after a full GC");
        for (int i = 0; i < stages.size(); i++) {
            Memory s = memory.get(i);
            m.row(stages.get(i), mb(s.residentKb() * 1024), mb(s.heapUsed()), mb(s.heapCommitted()));
        }
        out.print(m.render());
        if (relays.size() > 1) {
            out.println("(memory freed by the closed passes' apps may stay resident: --repeat 1 measures one app)");
        }
        double fullMb = memory.get(2).residentKb() / 1024.0;
        out.printf(Locale.ROOT, "resident memory with a full window < 500 MB (broker included): %.1f MB %s%n",
                fullMb, ThroughputReport.verdict(fullMb < 500));
        out.flush();
    }

    /** Topics of one pass's calibration stream; every pass writes its own. */
    private CalibrationStreamConfig config(int pass, FittedCalibrator initial) {
        return new CalibrationStreamConfig(PREDICTIONS, "bench.feedback." + pass, "bench.calibrated." + pass,
                "bench.calibration.models." + pass, Duration.ofHours(24), Duration.ofHours(1), PARTITIONS,
                RefitPolicy.defaults().withWindow(windowSize, Duration.ofDays(7)).withTriggers(1_000_000, Duration.ofHours(24)),
                Optional.of(initial));
    }

    private CalibrationStreamService.Settings settings(EmbeddedKafkaBroker broker, String applicationId, Path stateDir) {
        return new CalibrationStreamService.Settings(broker.bootstrapServers(), kafka, applicationId, stateDir,
                PARTITIONS, (short) 1, 1, "bench");
    }

    private static AcknowledgedSender<byte[], byte[]> sender(Map<String, Object> client, String what,
                                                             Consumer<String> progress) {
        return new AcknowledgedSender<>(client, new ByteArraySerializer(), new ByteArraySerializer(), what, progress);
    }

    private void produce(AcknowledgedSender<byte[], byte[]> producer, SyntheticPredictions data,
                         AvroSerializer<Prediction> serializer, Consumer<String> progress) throws Exception {
        progress.accept("bench calibrate-stream: producing " + predictions + " predictions");
        for (int d = 0; d < data.documents(); d++) {
            for (Variant v : Variant.values()) {
                byte[] value = serializer.serialize(PREDICTIONS, data.prediction(d, v));
                producer.send(new ProducerRecord<>(PREDICTIONS, key(data.id(d)), value));
            }
            if ((d + 1) % 5000 == 0) {
                progress.accept("bench calibrate-stream: produced " + 2 * (d + 1) + "/" + predictions);
            }
        }
        producer.flush();
    }

    /** Labels the documents in turn, then waits until every label is matched and the window is full. */
    private Labelling label(AcknowledgedSender<byte[], byte[]> producer, String topic, SyntheticPredictions data,
                            MeterRegistry meters, Consumer<String> progress) throws Exception {
        progress.accept("bench calibrate-stream: labelling: sending " + labels + " labels (window " + windowSize + ")");
        long start = System.nanoTime();
        int maxWindow = 0;
        int samples = 0;
        for (int i = 0; i < labels; i++) {
            int d = i % data.documents();
            String json = "{\"id\": \"" + data.id(d) + "\", \"label\": " + data.label(d) + "}";
            producer.send(new ProducerRecord<>(topic, key(data.id(d)), json.getBytes(StandardCharsets.UTF_8)));
            if (i % 1000 == 0) {
                maxWindow = Math.max(maxWindow, windowGauge(meters));
                samples++;
            }
        }
        producer.flush();
        long deadline = System.nanoTime() + WAIT.toNanos();
        long nextProgress = System.nanoTime() + PROGRESS_NANOS;
        long matched;
        int window;
        while (true) {
            matched = Math.round(counter(meters, "fuzzycal.calibration.feedback", "outcome", "matched"));
            window = windowGauge(meters);
            maxWindow = Math.max(maxWindow, window);
            samples++;
            if (matched >= labels && window >= windowSize) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("labelling: after " + WAIT + " only " + matched + " of " + labels
                        + " labels matched, window " + window + " of " + windowSize + "; feedback outcomes: "
                        + meters.find("fuzzycal.calibration.feedback").counters().stream()
                        .map(c -> c.getId().getTag("outcome") + "=" + (long) c.count()).toList());
            }
            if (System.nanoTime() > nextProgress) {
                progress.accept("bench calibrate-stream: labelling: " + matched + "/" + labels + " matched, window " + window);
                nextProgress += PROGRESS_NANOS;
            }
            Thread.sleep(20);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Labelling(matched, seconds, window, maxWindow, samples);
    }

    /**
     * Committed output of one app: from its start to the first committed batch (group join, task and store
     * set-up, the first transaction: not timed), then the records committed after that batch over the time
     * from it to the last. Both sides are timed alike; what differs is only what the app does per record.
     */
    private static Measured measure(String name, Supplier<KafkaStreams.State> state, long started, CommittedCounter counter,
                                    int expected, Consumer<String> progress) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long nextProgress = System.nanoTime() + PROGRESS_NANOS;
        long first = 0;
        long firstBatch = 0;
        while (counter.count() < expected) {
            counter.poll();
            long now = System.nanoTime();
            if (first == 0 && counter.count() > 0) {
                first = now;
                firstBatch = counter.count();
            }
            KafkaStreams.State s = state.get();
            if (s == KafkaStreams.State.ERROR || s == KafkaStreams.State.NOT_RUNNING || s == KafkaStreams.State.PENDING_ERROR) {
                throw new IllegalStateException(name + ": Kafka Streams stopped (" + s + ") after " + counter.count()
                        + " of " + expected + " records");
            }
            if (now > deadline) {
                throw new IllegalStateException(name + ": only " + counter.count() + " of " + expected
                        + " records committed after " + WAIT);
            }
            if (now > nextProgress) {
                progress.accept("bench calibrate-stream: " + name + ": " + counter.count() + "/" + expected + " committed");
                nextProgress += PROGRESS_NANOS;
            }
        }
        long last = System.nanoTime();
        if (counter.count() != expected) {
            throw new IllegalStateException(name + ": " + counter.count() + " records committed, expected " + expected);
        }
        return new Measured(expected, expected - firstBatch, (last - first) / 1e9, (first - started) / 1e9);
    }

    private static double[] percentilesMicros(MeterRegistry meters, Variant variant) {
        Timer timer = meters.find("fuzzycal.calibration.apply.latency").tag("variant", variant.name()).timer();
        if (timer == null) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        for (ValueAtPercentile v : timer.takeSnapshot().percentileValues()) {
            if (v.percentile() == 0.5) {
                p50 = v.value(TimeUnit.MICROSECONDS);
            } else if (v.percentile() == 0.99) {
                p99 = v.value(TimeUnit.MICROSECONDS);
            }
        }
        return new double[] {p50, p99};
    }

    private static int windowGauge(MeterRegistry meters) {
        Gauge g = meters.find("fuzzycal.calibration.window.size").tag("model", MODEL_ID).gauge();
        return g == null ? 0 : (int) g.value();
    }

    private static double counter(MeterRegistry meters, String name, String tag, String value) {
        Counter c = meters.find(name).tag(tag, value).counter();
        return c == null ? 0 : c.count();
    }


    private static byte[] key(String id) {
        return id.getBytes(StandardCharsets.UTF_8);
    }

    private static String pair(double[] p50p99) {
        return fixed(p50p99[0], 1) + "/" + fixed(p50p99[1], 1);
    }

    private static String fixed(double v, int digits) {
        return ThroughputReport.fixed(v, digits);
    }

    private static String mb(long bytes) {
        return fixed(bytes / (1024.0 * 1024.0), 1);
    }

    /**
     * @param timed records committed after the first committed batch, in {@code seconds}
     * @param startupSeconds from start to the first committed batch
     */
    record Measured(int records, long timed, double seconds, double startupSeconds) {
        /** Records/s after the first batch; NaN when that batch held more than half of them (too few to time). */
        double rate() {
            return timed * 2 < records || seconds <= 0 ? Double.NaN : timed / seconds;
        }
    }

    /** Resident set (KiB) and heap (bytes) at one moment. */
    record Memory(long residentKb, long heapUsed, long heapCommitted) {
        static Memory now() throws java.io.IOException {
            Runtime rt = Runtime.getRuntime();
            long committed = rt.totalMemory();
            return new Memory(ResidentMemory.currentKb(), committed - rt.freeMemory(), committed);
        }
    }

    record Labelling(long matched, double seconds, int finalWindow, int maxWindow, int samples) {
    }

    /** Counts the committed records of a topic from its beginning (read_committed, all partitions assigned). */
    static final class CommittedCounter implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private long count;

        CommittedCounter(Map<String, Object> client, String topic) {
            Map<String, Object> config = new HashMap<>(client);
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
            consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            poll();
        }

        void poll() {
            count += consumer.poll(Duration.ofMillis(20)).count();
        }

        long count() {
            return count;
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * Seeded synthetic model outputs: each document has a true class y, FP32 logits
     * {@code 3 * (onehot(y) + N(0, 1))} (over-confident: the scale sharpens probabilities beyond the
     * accuracy) and INT4 logits equal to those plus N(0, 0.1) (quantisation noise).
     */
    static final class SyntheticPredictions {
        private final int[] labels;
        private final float[][] fp32;
        private final float[][] int4;
        private final long producedAt = Instant.now().toEpochMilli();

        SyntheticPredictions(int documents, long seed) {
            Random random = new Random(seed);
            labels = new int[documents];
            fp32 = new float[documents][];
            int4 = new float[documents][];
            for (int d = 0; d < documents; d++) {
                labels[d] = random.nextInt(CLASSES.size());
                fp32[d] = logits(labels[d], random);
                int4[d] = new float[fp32[d].length];
                for (int k = 0; k < fp32[d].length; k++) {
                    int4[d][k] = (float) (fp32[d][k] + 0.1 * random.nextGaussian());
                }
            }
        }

        int documents() {
            return labels.length;
        }

        String id(int d) {
            return String.format(Locale.ROOT, "bench-doc-%07d", d);
        }

        int label(int d) {
            return labels[d];
        }

        Prediction prediction(int d, Variant variant) {
            float[] z = variant == Variant.FP32 ? fp32[d] : int4[d];
            List<Float> logits = new ArrayList<>(z.length);
            for (float v : z) {
                logits.add(v);
            }
            List<Double> probabilities = new ArrayList<>(z.length);
            for (double p : Softmax.of(z)) {
                probabilities.add(p);
            }
            return Prediction.newBuilder().setDocumentId(id(d)).setModelId(MODEL_ID).setVariant(variant)
                    .setLabels(CLASSES).setProbabilities(probabilities).setLogits(logits)
                    .setModelLatencyMicros(variant == Variant.FP32 ? 41_000 : 27_000).setBatchSize(32)
                    .setProducedAt(Instant.ofEpochMilli(producedAt + d)).build();
        }

        /** A fuzzy calibrator fitted on 5,000 rows of the same generator with another seed. */
        static FittedCalibrator fitInitial(long seed) {
            Random random = new Random(seed);
            int n = 5000;
            double[][] p = new double[n][];
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = random.nextInt(CLASSES.size());
                p[i] = Softmax.of(logits(y[i], random));
            }
            return CalibrationMethods.create(CalibrationMethods.FUZZY).fit(CalibrationSet.ofProbabilities(p, y), seed);
        }

        private static float[] logits(int y, Random random) {
            float[] z = new float[CLASSES.size()];
            for (int k = 0; k < z.length; k++) {
                z[k] = (float) (3 * ((k == y ? 1 : 0) + random.nextGaussian()));
            }
            return z;
        }
    }
}
