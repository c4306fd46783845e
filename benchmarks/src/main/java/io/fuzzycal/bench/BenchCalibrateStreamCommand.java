package io.fuzzycal.bench;

import io.fuzzycal.calibration.CalibrationMethods;
import io.fuzzycal.calibration.CalibrationSet;
import io.fuzzycal.calibration.CalibratorJson;
import io.fuzzycal.calibration.FittedCalibrator;
import io.fuzzycal.devkafka.DevSchemaRegistryServer;
import io.fuzzycal.devkafka.EmbeddedKafkaBroker;
import io.fuzzycal.model.Softmax;
import io.fuzzycal.schemas.TopicProvisioner;
import io.fuzzycal.schemas.avro.Prediction;
import io.fuzzycal.schemas.avro.Variant;
import io.fuzzycal.schemas.registry.InMemorySchemaRegistry;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.schemas.registry.SchemaRegistryConfig;
import io.fuzzycal.schemas.serde.AvroSerializer;
import io.fuzzycal.stream.CalibrationStreamConfig;
import io.fuzzycal.stream.CalibrationStreamService;
import io.fuzzycal.stream.RefitPolicy;
import io.micrometer.core.instrument.Counter;
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

    @Option(names = "--service-java-opts", defaultValue = "", paramLabel = "<options>",
            description = "JVM options of the service process (e.g. \"-Xmx256m\"); default: none, the JVM's own defaults.")
    String serviceJavaOptions;

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
                    produce(producer, PREDICTIONS, data, new AvroSerializer<>(registry), progress);
                }

                // Passes of the relay (the limit) and the calibration stream in turn, on the same input topic:
                // background load on a small machine then hits both alike.
                List<Measured> relays = new ArrayList<>();
                List<Measured> calibrations = new ArrayList<>();
                List<Map<Variant, double[]>> latencies = new ArrayList<>();
                long commitMs = 0;
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
                        } finally {
                            relay.close(Duration.ofSeconds(60));
                        }
                    }

                    SimpleMeterRegistry meters = new SimpleMeterRegistry();
                    CalibrationStreamService.Settings settings = settings(broker,
                            "bench-calibration-" + pass + "-" + UUID.randomUUID(), dir.resolve("streams-calibration-" + pass));
                    CalibrationStreamConfig config = config(pass, initial);
                    try (CommittedCounter counter = new CommittedCounter(client, config.calibratedTopic())) {
                        progress.accept("bench calibrate-stream: pass " + pass + "/" + repeat + ": calibrating "
                                + predictions + " predictions");
                        long started = System.nanoTime();
                        try (CalibrationStreamService service = CalibrationStreamService.start(settings, config, registry, meters)) {
                            calibrations.add(measure("calibration", service::state, started, counter, predictions, progress));
                        }
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

                ServiceRun alone = serviceAlone(broker, client, data, initial, dir, progress);
                report(out, commitMs, relays, calibrations, latencies, initial, alone);
            }
        } finally {
            InMemorySchemaRegistry.dropScope(scope);
            BenchKafkaCommand.deleteRecursively(dir);
        }
        return 0;
    }

    private void report(PrintWriter out, long commitMs, List<Measured> relays, List<Measured> calibrations,
                        List<Map<Variant, double[]>> latencies, FittedCalibrator initial, ServiceRun alone) {
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
        out.printf(Locale.ROOT, "%nthe service alone: fuzzycal calibrate-stream in a JVM of its own (%s; max heap %.1f MB),"
                + " the broker in this one; the same %d predictions, then labels%n",
                serviceJavaOptions.isBlank() ? "the JVM's default options" : serviceJavaOptions.strip(),
                alone.maxHeapBytes() / (1024.0 * 1024.0), predictions);
        Labelling labelled = alone.labelling();
        out.printf(Locale.ROOT, "labels: %d JSON labels over %d documents, %d matched in %.2f s (%.1f labels/s)%n",
                labels, Math.min(labels, predictions / 2), labelled.matched(), labelled.seconds(),
                labelled.matched() / labelled.seconds());
        out.printf(Locale.ROOT, "refit window entries (gauge fuzzycal.calibration.window.size, model %s):"
                        + " %d at the end, at most %d in %d samples while labelling; configured %d%n",
                MODEL_ID, labelled.finalWindow(), labelled.maxWindow(), labelled.samples(), windowSize);
        TextTable m = new TextTable("service process", "resident MB", "heap used MB", "heap committed MB");
        List<String> stages = List.of("started", "calibrated " + predictions + " predictions",
                "window full (" + windowSize + ")");
        for (int i = 0; i < stages.size(); i++) {
            Memory stage = alone.memory().get(i);
            m.row(stages.get(i), mb(stage.residentKb() * 1024), mb(stage.heapUsed()), mb(stage.heapCommitted()));
        }
        out.print(m.render());
        double fullMb = alone.memory().get(2).residentKb() / 1024.0;
        out.printf(Locale.ROOT, "service resident memory with a full window < 500 MB: %.1f MB %s%n",
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

    private void produce(AcknowledgedSender<byte[], byte[]> producer, String topic, SyntheticPredictions data,
                         AvroSerializer<Prediction> serializer, Consumer<String> progress) throws Exception {
        progress.accept("bench calibrate-stream: producing " + predictions + " predictions to " + topic);
        for (int d = 0; d < data.documents(); d++) {
            for (Variant v : Variant.values()) {
                byte[] value = serializer.serialize(topic, data.prediction(d, v));
                producer.send(new ProducerRecord<>(topic, key(data.id(d)), value));
            }
            if ((d + 1) % 5000 == 0) {
                progress.accept("bench calibrate-stream: produced " + 2 * (d + 1) + "/" + predictions);
            }
        }
        producer.flush();
    }

    /**
     * The service alone: {@code fuzzycal calibrate-stream} in a JVM of its own, reading the schemas from
     * an HTTP registry on this broker. It calibrates the same predictions again, then gets labels until
     * its refit window is full; its resident memory and heap are read at each stage, and it must stop
     * cleanly on SIGTERM.
     */
    private ServiceRun serviceAlone(EmbeddedKafkaBroker broker, Map<String, Object> client, SyntheticPredictions data,
                                    FittedCalibrator initial, Path dir, Consumer<String> progress) throws Exception {
        String prefix = "bench.service.";
        try (DevSchemaRegistryServer http = DevSchemaRegistryServer.start(client, "127.0.0.1", 0)) {
            SchemaRegistry registry = SchemaRegistry.fromConfig(Map.of(SchemaRegistryConfig.URL, http.url()));
            try (AcknowledgedSender<byte[], byte[]> producer = sender(client, "predictions", progress)) {
                produce(producer, prefix + "predictions", data, new AvroSerializer<>(registry), progress);
            }
            Path calibratorFile = dir.resolve("initial-calibrator.json");
            Files.writeString(calibratorFile, CalibratorJson.write(initial));
            List<String> args = new ArrayList<>(List.of("calibrate-stream", "--bootstrap-servers", broker.bootstrapServers(),
                    "--schema-registry", http.url(), "--predictions-topic", prefix + "predictions",
                    "--feedback-topic", prefix + "feedback", "--calibrated-topic", prefix + "calibrated",
                    "--models-topic", prefix + "models", "--initial-calibrator", calibratorFile.toString(),
                    "--window-size", Integer.toString(windowSize), "--window-max-age", "7d",
                    "--refit-every-labels", "1000000", "--refit-interval", "24h", "--partitions", Integer.toString(PARTITIONS),
                    "--application-id", "bench-service", "--instance-id", "bench", "--state-dir", dir.resolve("service-state").toString()));
            kafka.forEach((k, v) -> args.addAll(List.of("--kafka", k + "=" + v)));
            List<String> javaOptions = serviceJavaOptions.isBlank() ? List.of() : List.of(serviceJavaOptions.strip().split("\\s+"));
            progress.accept("bench calibrate-stream: the service alone: starting fuzzycal calibrate-stream in its own JVM");
            try (ServiceProcess service = ServiceProcess.start(javaOptions, args, dir.resolve("service.log"))) {
                service.awaitStarted();
                List<Memory> memory = new ArrayList<>();
                memory.add(memory(service));
                try (CommittedCounter counter = new CommittedCounter(client, prefix + "calibrated")) {
                    long deadline = System.nanoTime() + WAIT.toNanos();
                    while (counter.count() < predictions) {
                        counter.poll();
                        if (System.nanoTime() > deadline) {
                            throw new IllegalStateException("the service calibrated only " + counter.count() + " of "
                                    + predictions + " predictions in " + WAIT + ": " + service.output());
                        }
                    }
                }
                progress.accept("bench calibrate-stream: the service alone: calibrated " + predictions + " predictions");
                memory.add(memory(service));
                Labelling labelled;
                try (AcknowledgedSender<byte[], byte[]> producer = sender(client, "labels", progress)) {
                    labelled = label(producer, prefix + "feedback", data, service, progress);
                }
                memory.add(memory(service));
                double maxHeap = service.max("jvm_memory_max_bytes", "area=\"heap\"");
                int exit = service.stop();
                if (exit != 0) {
                    throw new IllegalStateException("the service exited with " + exit + " on SIGTERM: " + service.output());
                }
                return new ServiceRun(labelled, memory, (long) maxHeap);
            }
        }
    }

    private static Memory memory(ServiceProcess service) throws Exception {
        return new Memory(service.residentKb(), (long) service.metric("jvm_memory_used_bytes", "area=\"heap\""),
                (long) service.metric("jvm_memory_committed_bytes", "area=\"heap\""));
    }

    /** Labels the documents in turn, then waits until every label is matched and the window is full. */
    private Labelling label(AcknowledgedSender<byte[], byte[]> producer, String topic, SyntheticPredictions data,
                            ServiceProcess service, Consumer<String> progress) throws Exception {
        progress.accept("bench calibrate-stream: labelling: sending " + labels + " labels (window " + windowSize + ")");
        long start = System.nanoTime();
        int maxWindow = 0;
        int samples = 0;
        for (int i = 0; i < labels; i++) {
            int d = i % data.documents();
            String json = "{\"id\": \"" + data.id(d) + "\", \"label\": " + data.label(d) + "}";
            producer.send(new ProducerRecord<>(topic, key(data.id(d)), json.getBytes(StandardCharsets.UTF_8)));
            if (i % 2000 == 0) {
                maxWindow = Math.max(maxWindow, window(service));
                samples++;
            }
        }
        producer.flush();
        long deadline = System.nanoTime() + WAIT.toNanos();
        long nextProgress = System.nanoTime() + PROGRESS_NANOS;
        long matched;
        int window;
        while (true) {
            matched = Math.round(service.metric("fuzzycal_calibration_feedback_total", "outcome=\"matched\""));
            window = window(service);
            maxWindow = Math.max(maxWindow, window);
            samples++;
            if (matched >= labels && window >= windowSize) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("labelling: after " + WAIT + " only " + matched + " of " + labels
                        + " labels matched, window " + window + " of " + windowSize + "; dead letters: "
                        + service.metric("fuzzycal_calibration_records_dlq_total"));
            }
            if (System.nanoTime() > nextProgress) {
                progress.accept("bench calibrate-stream: labelling: " + matched + "/" + labels + " matched, window " + window);
                nextProgress += PROGRESS_NANOS;
            }
            Thread.sleep(50);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Labelling(matched, seconds, window, maxWindow, samples);
    }

    private static int window(ServiceProcess service) throws Exception {
        return (int) service.metric("fuzzycal_calibration_window_size", "model=\"" + MODEL_ID + "\"");
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

    /** Resident set (KiB) and heap (bytes) of the service process at one moment. */
    record Memory(long residentKb, long heapUsed, long heapCommitted) {
    }

    record Labelling(long matched, double seconds, int finalWindow, int maxWindow, int samples) {
    }

    /** What the service process did and cost: its labelling, and its memory started / calibrated / window full. */
    record ServiceRun(Labelling labelling, List<Memory> memory, long maxHeapBytes) {
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
