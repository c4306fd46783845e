package io.fuzzycal.bench;

import io.fuzzycal.devkafka.CommittedTopic;
import io.fuzzycal.devkafka.EmbeddedKafkaBroker;
import io.fuzzycal.inference.InferenceService;
import io.fuzzycal.inference.InferenceServiceConfig;
import io.fuzzycal.model.EngineOptions;
import io.fuzzycal.model.InferenceEngine;
import io.fuzzycal.model.ModelBundle;
import io.fuzzycal.model.Precision;
import io.fuzzycal.schemas.TopicProvisioner;
import io.fuzzycal.schemas.registry.InMemorySchemaRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fuzzycal bench kafka}: texts per second through the inference service on a real (embedded)
 * Kafka broker against the engine's best configuration on the same texts, side by side in one run:
 * the engine alone (whole set length-grouped, variants in turn or concurrently; and the old
 * service's micro-batches), the service with the old settings and with the new ones; then the
 * latency from text to committed predictions at half of each service setting's sustainable rate.
 */
@Command(name = "kafka",
        mixinStandardHelpOptions = true,
        description = {"Texts/s end to end through Kafka (produce -> inference service -> committed FP32 and INT4"
                + " predictions) against the engine's best configuration in-process on the same texts, for the old and"
                + " the new service settings, best of --rounds interleaved rounds; then p50/p99 latency from text to"
                + " both predictions at half of each setting's measured rate; and the process's resident memory"
                + " (it includes the embedded broker, so it bounds the service's from above)."})
final class BenchKafkaCommand implements Callable<Integer> {
    private static final String TEXTS_TOPIC = "bench.texts";

    @Spec
    CommandSpec spec;

    @Mixin
    BenchModelOptions modelOptions;

    @Option(names = "--data", paramLabel = "<csv>", description = "Texts (text,label). Default: the tweets' validation split.")
    Path data;

    @Option(names = "--texts", defaultValue = "1000", paramLabel = "<n>", description = "Texts to score. Default: ${DEFAULT-VALUE}.")
    int texts;

    @Option(names = "--old-batch-size", defaultValue = "32", paramLabel = "<n>",
            description = "The old settings' max.batch.size (variants in turn, all threads). Default: ${DEFAULT-VALUE}.")
    int oldBatchSize;

    @Option(names = "--batch-sizes", split = ",", paramLabel = "<n>",
            description = "The new settings' max.batch.size values, each measured with variants in turn and concurrently."
                    + " Default: the service's default (" + InferenceServiceConfig.DEFAULT_MAX_BATCH_SIZE + ").")
    List<Integer> batchSizes;

    @Option(names = "--rounds", defaultValue = "2", paramLabel = "<n>",
            description = "Rounds; each times every configuration once, the best round counts. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--latency-texts", defaultValue = "300", paramLabel = "<n>",
            description = "Texts sent at half the sustainable rate per latency run (0: no latency runs). Default: ${DEFAULT-VALUE}.")
    int latencyTexts;

    private Consumer<String> progress;
    private Map<String, Object> client;
    private int passes;

    /** A service setting: its name, config and the engine it runs on (its intra-op threads). */
    private record Setting(String name, InferenceServiceConfig config, InferenceEngine engine) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        progress = BenchInputs.lines(spec.commandLine().getErr());
        ModelBundle model = modelOptions.load(progress);
        List<String> corpus = BenchInputs.texts(spec.commandLine(), data, model.numLabels(), texts);
        int threads = modelOptions.threads();
        int half = Math.max(1, threads / 2);
        List<Integer> sizes = batchSizes == null ? List.of(InferenceServiceConfig.DEFAULT_MAX_BATCH_SIZE) : batchSizes;
        EngineOptions options = EngineOptions.defaults().withIntraOpThreads(threads);
        Path dir = Files.createTempDirectory("fuzzycal-bench-kafka");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (InferenceEngine all = InferenceEngine.open(model, options);
             InferenceEngine halved = InferenceEngine.open(model, options.withIntraOpThreads(half));
             EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dir.resolve("kafka")).port(0).start()) {
            for (InferenceEngine e : List.of(all, halved)) {
                for (Precision v : Precision.values()) {
                    e.classify(v, corpus); // warm-up: one untimed pass over the whole set
                }
            }
            client = new HashMap<>(broker.clientProperties());
            InferenceServiceConfig defaults = InferenceServiceConfig.of(broker.bootstrapServers());
            try (Admin admin = Admin.create(client)) {
                TopicProvisioner.ensure(admin, List.of(TopicProvisioner.topic(TEXTS_TOPIC, defaults.partitions(), (short) 1)));
            }
            send(TEXTS_TOPIC, "b", corpus, 0, null);

            List<Setting> settings = new ArrayList<>();
            settings.add(new Setting("old: max.batch.size " + oldBatchSize + ", variants in turn, " + threads + " threads",
                    defaults.withBatches(oldBatchSize, defaults.maxWait()).withConcurrentVariants(false), all));
            for (int size : sizes) {
                InferenceServiceConfig sized = defaults.withBatches(size, defaults.maxWait());
                settings.add(new Setting("new: max.batch.size " + size + ", variants in turn, " + threads + " threads",
                        sized.withConcurrentVariants(false), all));
                settings.add(new Setting("new: max.batch.size " + size + ", variants concurrently, " + half + " thread(s) each",
                        sized.withConcurrentVariants(true), halved));
            }
            String inTurn = "whole set length-grouped, variants in turn, " + threads + " threads";
            String concurrent = "whole set length-grouped, variants concurrently, " + half + " thread(s) each";
            String micro = "micro-batches of " + oldBatchSize + " (the old service's), in turn, " + threads + " threads";
            double[][] engineRounds = new double[3][rounds];
            double[][] variantRounds = new double[2][rounds];
            double[][] serviceRounds = new double[settings.size()][rounds];
            double[][] adjacentRounds = new double[settings.size()][rounds];
            String uptimeBefore = loadAverage();
            for (int r = 0; r < rounds; r++) {
                progress.accept("round " + (r + 1) + " of " + rounds + ": the engine alone");
                long start = System.nanoTime();
                all.classify(Precision.FP32, corpus);
                long fp32 = System.nanoTime();
                all.classify(Precision.INT4, corpus);
                long end = System.nanoTime();
                engineRounds[0][r] = corpus.size() / ((end - start) / 1e9);
                variantRounds[0][r] = corpus.size() / ((fp32 - start) / 1e9);
                variantRounds[1][r] = corpus.size() / ((end - fp32) / 1e9);

                start = System.nanoTime();
                Future<?> int4 = pool.submit(() -> halved.classify(Precision.INT4, corpus));
                halved.classify(Precision.FP32, corpus);
                int4.get();
                engineRounds[1][r] = corpus.size() / ((System.nanoTime() - start) / 1e9);

                start = System.nanoTime();
                for (int from = 0; from < corpus.size(); from += oldBatchSize) {
                    List<String> batch = corpus.subList(from, Math.min(corpus.size(), from + oldBatchSize));
                    all.classify(Precision.FP32, batch);
                    all.classify(Precision.INT4, batch);
                }
                engineRounds[2][r] = corpus.size() / ((System.nanoTime() - start) / 1e9);

                for (int s = 0; s < settings.size(); s++) {
                    progress.accept("round " + (r + 1) + " of " + rounds + ": service, " + settings.get(s).name());
                    // the engine's concurrent pass right before each service pass: a ratio of two
                    // neighbouring passes survives load from other work better than best against best
                    start = System.nanoTime();
                    Future<?> neighbour = pool.submit(() -> halved.classify(Precision.INT4, corpus));
                    halved.classify(Precision.FP32, corpus);
                    neighbour.get();
                    adjacentRounds[s][r] = corpus.size() / ((System.nanoTime() - start) / 1e9);
                    serviceRounds[s][r] = servicePass(settings.get(s), corpus.size());
                }
            }
            String uptimeAfterThroughput = loadAverage();
            List<KafkaBenchReport.Pass> engine = List.of(KafkaBenchReport.Pass.of(inTurn, engineRounds[0]),
                    KafkaBenchReport.Pass.of(concurrent, engineRounds[1]), KafkaBenchReport.Pass.of(micro, engineRounds[2]));
            List<KafkaBenchReport.Pass> service = new ArrayList<>();
            for (int s = 0; s < settings.size(); s++) {
                service.add(new KafkaBenchReport.Pass(settings.get(s).name(), serviceRounds[s], adjacentRounds[s]));
            }
            double engineBest = KafkaBenchReport.best(engine);

            List<KafkaBenchReport.Latency> latencies = new ArrayList<>();
            if (latencyTexts > 0) {
                List<String> latencyCorpus = new ArrayList<>();
                for (int i = 0; i < latencyTexts; i++) {
                    latencyCorpus.add(corpus.get(i % corpus.size()));
                }
                for (int s = 0; s < settings.size(); s++) {
                    double rate = service.get(s).median() / 2; // not the best round: one it sustained typically
                    progress.accept("latency: " + settings.get(s).name() + " at " + ThroughputReport.fixed(rate, 1) + " texts/s");
                    latencies.add(latency(settings.get(s), latencyCorpus, rate));
                }
            }
            long rssKb = ResidentMemory.currentKb();

            out.print(KafkaBenchReport.line("texts %d (%s), FP32 + INT4 per text, %d ONNX Runtime threads in all,"
                    + " engine batches of %d length-grouped; best of %d rounds", corpus.size(),
                    data == null ? "tweets, validation split" : BenchInputs.dataName(data), threads,
                    options.batchSize(), rounds));
            out.print(KafkaBenchReport.line("load average before: %s; after the throughput rounds: %s; at the end: %s",
                    uptimeBefore, uptimeAfterThroughput, loadAverage()));
            out.println();
            out.print(KafkaBenchReport.engineTable(engine));
            out.print(KafkaBenchReport.line("  per variant, %s: FP32 %s texts/s, INT4 %s texts/s (best rounds)", inTurn,
                    ThroughputReport.fixed(KafkaBenchReport.Pass.of("", variantRounds[0]).best(), 1),
                    ThroughputReport.fixed(KafkaBenchReport.Pass.of("", variantRounds[1]).best(), 1)));
            out.println();
            out.print(KafkaBenchReport.serviceTable(service, engineBest));
            KafkaBenchReport.Pass oldPass = service.get(0);
            KafkaBenchReport.Pass bestNew = service.subList(1, service.size()).stream()
                    .max((a, b) -> Double.compare(a.best(), b.best())).orElseThrow();
            out.print(KafkaBenchReport.line("best new setting / old setting: %.2fx (%s)", bestNew.best() / oldPass.best(),
                    bestNew.name()));
            if (!latencies.isEmpty()) {
                out.println();
                out.print(KafkaBenchReport.latencyTable(latencies));
                out.print(KafkaBenchReport.line("  rate = half of that setting's median round above; each text's latency"
                        + " is the later of its two predictions"));
            }
            out.println();
            out.print(KafkaBenchReport.line("process resident memory at the end: %.1f MB (broker, two engines and the"
                    + " bench's clients included)", rssKb / 1024.0));
            out.flush();
        } finally {
            pool.shutdownNow();
            ScratchDirectory.delete(dir);
        }
        return 0;
    }

    /**
     * The texts already on {@link #TEXTS_TOPIC}, through a fresh group and output topic: texts/s from
     * the service getting its partitions to the last prediction committed.
     */
    private double servicePass(Setting setting, int n) throws Exception {
        int pass = ++passes;
        InferenceServiceConfig config = setting.config().withGroupId("bench-" + pass)
                .withTopics(TEXTS_TOPIC, "bench.predictions." + pass);
        try (InferenceService service = new InferenceService(config, setting.engine(),
                InMemorySchemaRegistry.forScope("bench"), new SimpleMeterRegistry(), "0")) {
            Thread loop = new Thread(service::run, "bench-inference");
            loop.start();
            // time the work, not the group join (the broker holds a new group's first join for 3 s)
            if (!service.awaitAssignment(Duration.ofMinutes(1))) {
                throw new IllegalStateException("the service got no partitions in a minute");
            }
            long start = System.nanoTime();
            int committed = waitForPredictions(config.outputTopic(), 2 * n);
            double seconds = (System.nanoTime() - start) / 1e9;
            service.stop();
            loop.join(30_000);
            if (committed != 2 * n) {
                throw new IllegalStateException("only " + committed + " of " + 2 * n + " predictions arrived");
            }
            return n / seconds;
        }
    }

    /**
     * A fresh service of this setting; once it has its partitions, the texts are sent at {@code rate}
     * and each one's latency is taken from its send to the second of its predictions read committed.
     */
    private KafkaBenchReport.Latency latency(Setting setting, List<String> corpus, double rate) throws Exception {
        int pass = ++passes;
        String input = "bench.latency.texts." + pass;
        InferenceServiceConfig config = setting.config().withGroupId("bench-" + pass)
                .withTopics(input, "bench.latency.predictions." + pass);
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        List<Double> millis = new ArrayList<>();
        try (InferenceService service = new InferenceService(config, setting.engine(),
                InMemorySchemaRegistry.forScope("bench"), new SimpleMeterRegistry(), "0");
             CommittedTopic predictions = CommittedTopic.open(client, config.outputTopic())) {
            Thread loop = new Thread(service::run, "bench-inference-latency");
            loop.start();
            if (!service.awaitAssignment(Duration.ofMinutes(1))) {
                throw new IllegalStateException("the service got no partitions in a minute");
            }
            Thread sender = new Thread(() -> send(input, "l", corpus, rate, sentAt), "bench-latency-sender");
            sender.start();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (millis.size() < corpus.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : predictions.poll(Duration.ofMillis(5))) {
                    long now = System.nanoTime();
                    String id = new String(r.key(), StandardCharsets.UTF_8);
                    if (seen.merge(id, 1, Integer::sum) == 2) {
                        millis.add((now - sentAt.get(id)) / 1e6);
                    }
                }
            }
            sender.join();
            service.stop();
            loop.join(30_000);
        }
        if (millis.size() != corpus.size()) {
            throw new IllegalStateException("latency: only " + millis.size() + " of " + corpus.size() + " texts got both predictions");
        }
        double[] v = millis.stream().mapToDouble(Double::doubleValue).toArray();
        return new KafkaBenchReport.Latency(setting.name(), rate, v.length, KafkaBenchReport.percentile(v, 0.50),
                KafkaBenchReport.percentile(v, 0.99), KafkaBenchReport.percentile(v, 1.0));
    }

    /** Sends the texts keyed {@code prefix + i}: all at once ({@code rate} 0) or paced at {@code rate} texts/s. */
    private void send(String topic, String prefix, List<String> corpus, double rate, Map<String, Long> sentAt) {
        try (AcknowledgedSender<String, String> producer = new AcknowledgedSender<>(client,
                new StringSerializer(), new StringSerializer(), "texts", progress)) {
            long start = System.nanoTime();
            for (int i = 0; i < corpus.size(); i++) {
                if (rate > 0) {
                    long due = start + (long) (i * 1e9 / rate);
                    while (System.nanoTime() < due) {
                        LockSupport.parkNanos(due - System.nanoTime());
                    }
                }
                String key = prefix + i;
                if (sentAt != null) {
                    sentAt.put(key, System.nanoTime());
                }
                producer.send(new ProducerRecord<>(topic, key, corpus.get(i)));
            }
            producer.flush();
        }
    }

    /** Committed predictions, polled until {@code expected} are there (or ten minutes pass). */
    private int waitForPredictions(String topic, int expected) {
        try (CommittedTopic predictions = CommittedTopic.open(client, topic)) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (predictions.count() < expected && System.nanoTime() < deadline) {
                predictions.poll(Duration.ofMillis(20));
            }
            return (int) predictions.count();
        }
    }

    /** The first three fields of /proc/loadavg, or "?" where there is none. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "?";
        }
    }
}
