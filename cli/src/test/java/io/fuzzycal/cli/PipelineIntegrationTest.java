package io.fuzzycal.cli;

import io.fuzzycal.monitor.MonitorConfig;
import io.fuzzycal.monitor.MonitorService;
import io.fuzzycal.schemas.StreamsSettings;
import io.fuzzycal.schemas.avro.CalibrationMetrics;
import io.fuzzycal.schemas.avro.Stage;
import io.fuzzycal.schemas.feedback.LabelTiming;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.model.TestBundles;
import io.fuzzycal.devkafka.CommittedTopic;
import io.fuzzycal.calibration.metrics.CalibrationMeasures;
import io.fuzzycal.devkafka.EmbeddedKafkaBroker;
import io.fuzzycal.model.EngineOptions;
import io.fuzzycal.model.InferenceEngine;
import io.fuzzycal.model.LabelledTexts;
import io.fuzzycal.model.ModelBundle;
import io.fuzzycal.inference.InferenceService;
import io.fuzzycal.inference.InferenceServiceConfig;
import io.fuzzycal.schemas.DeadLetterHeaders;
import io.fuzzycal.schemas.Topics;
import io.fuzzycal.schemas.avro.CalibratedPrediction;
import io.fuzzycal.schemas.avro.CalibratorModel;
import io.fuzzycal.schemas.avro.Feedback;
import io.fuzzycal.schemas.avro.Variant;
import io.fuzzycal.schemas.registry.InMemorySchemaRegistry;
import io.fuzzycal.schemas.serde.AvroDeserializer;
import io.fuzzycal.schemas.serde.AvroSerializer;
import io.fuzzycal.stream.CalibrationStreamConfig;
import io.fuzzycal.stream.CalibrationStreamService;
import io.fuzzycal.stream.RefitPolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The calibration stream on a real broker, fed by the real inference service: 3,000 tweets scored
 * by an over-confident model (FP32 and INT4), their labels sent one second after each calibrated
 * prediction appears — as Feedback Avro, JSON with a class name, and key-less JSON with an index —
 * plus bad labels, with the monitor watching raw and calibrated calibration. Then a restart of the
 * calibration stream with predictions waiting for it.
 */
class PipelineIntegrationTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final int TEXTS = 3000;
    private static final int AFTER_RESTART = 50;
    private static final Duration LABEL_DELAY = Duration.ofSeconds(1);
    private static final List<String> CLASSES = List.of("Bearish", "Bullish", "Neutral");

    @TempDir
    static Path dir;
    private static EmbeddedKafkaBroker broker;
    private static ModelBundle bundle;
    private static LabelledTexts tweets;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafkaBroker.builder().dataDir(dir.resolve("kafka")).port(0).start();
        bundle = TestBundles.overconfidentBundle(dir.resolve("bundle"));
        LabelledTexts valid = LabelledTexts.readCsv(ROOT.resolve("data/tfns/valid.csv"), 3);
        LabelledTexts train = LabelledTexts.readCsv(ROOT.resolve("data/tfns/train.csv"), 3)
                .head(TEXTS + AFTER_RESTART - valid.size());
        List<String> texts = new ArrayList<>(valid.texts());
        texts.addAll(train.texts());
        int[] labels = new int[texts.size()];
        System.arraycopy(valid.labels(), 0, labels, 0, valid.size());
        System.arraycopy(train.labels(), 0, labels, valid.size(), train.size());
        tweets = new LabelledTexts(texts, labels);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void refitsPromoteABetterCalibratorAndARestartResumesWithItLosingNothing() throws Exception {
        String scope = "it-cal-" + UUID.randomUUID();
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(scope);
        Map<String, Object> client = new HashMap<>(broker.clientProperties());
        MeterRegistry meters = new SimpleMeterRegistry();
        CalibrationStreamConfig config = CalibrationStreamConfig.defaults(3)
                .withLabelDelay(Duration.ofHours(1), Duration.ofMinutes(10))
                .withPolicy(RefitPolicy.defaults().withWindow(2000, Duration.ofDays(1))
                        .withTriggers(500, Duration.ofMinutes(30)));
        CalibrationStreamService.Settings settings = new CalibrationStreamService.Settings(broker.bootstrapServers(),
                Map.of(), "it-calibration", dir.resolve("streams-state"), 3, (short) 1, 1, "it-0");
        InferenceServiceConfig inference = InferenceServiceConfig.of(broker.bootstrapServers()).withGroupId("it-inference");

        // the monitor watches the same run: 20 s windows advancing 5 s of wall-clock record time
        MonitorConfig monitorConfig = MonitorConfig.defaults(3)
                .withLabelTiming(new LabelTiming(Duration.ofHours(1), Duration.ofMinutes(10)))
                .withWindows(Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(2), 500);
        PrometheusMeterRegistry monitorMeters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MonitorService monitor = MonitorService.start(new StreamsSettings(broker.bootstrapServers(), Map.of(),
                "it-monitor", dir.resolve("monitor-state"), 3, (short) 1, 1, "it-0"), monitorConfig, registry,
                monitorMeters);
        CalibrationStreamService calibration = CalibrationStreamService.start(settings, config, registry, meters);
        try (InferenceEngine engine = InferenceEngine.open(bundle, EngineOptions.defaults().withIntraOpThreads(2));
             InferenceService scorer = new InferenceService(inference, engine, registry, new SimpleMeterRegistry(), "0");
             KafkaProducer<byte[], byte[]> producer = producer(client)) {
            assertThat(calibration.awaitRunning(Duration.ofSeconds(60))).as("streams running").isTrue();
            Thread scoring = new Thread(scorer::run, "inference-under-test");
            scoring.start();
            try {
                Labeller labeller = new Labeller(client, producer, registry);
                // a FutureTask keeps the labeller's failure for the test, which a bare thread would only log
                FutureTask<Void> labelling = new FutureTask<>(labeller, null);
                new Thread(labelling, "labeller").start();

                List<Future<RecordMetadata>> sent = new ArrayList<>();
                for (int i = 0; i < TEXTS; i++) {
                    sent.add(producer.send(new ProducerRecord<>(Topics.NEWS_TEXT, bytes(id(i)), textJson(i))));
                }
                awaitAll(sent);
                phase("texts sent");

                // 6 minutes were enough for the calibration stream alone on an idle 2-core machine; the monitor now
                // runs beside it, and the machine may be shared
                waitFor(Duration.ofMinutes(15), () -> labellerAlive(labelling)
                                && counter(meters, "fuzzycal.calibration.feedback", "outcome", "matched") >= TEXTS,
                        () -> "labels matched: " + counter(meters, "fuzzycal.calibration.feedback", "outcome", "matched"));
                // bad labels, after the good ones so that their predictions exist: 4 unmatched, 3 invalid, 3 malformed
                List<Future<RecordMetadata>> bad = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    bad.add(producer.send(new ProducerRecord<>(Topics.FEEDBACK, bytes("nope-" + i), bytes("{\"id\":\"nope-" + i + "\",\"label\":0}"))));
                }
                bad.add(producer.send(new ProducerRecord<>(Topics.FEEDBACK, bytes(id(0)), bytes("{\"id\":\"" + id(0) + "\",\"label\":7}"))));
                bad.add(producer.send(new ProducerRecord<>(Topics.FEEDBACK, bytes(id(1)), bytes("{\"id\":\"" + id(1) + "\",\"label\":\"Sideways\"}"))));
                bad.add(producer.send(new ProducerRecord<>(Topics.FEEDBACK, bytes(id(2)), bytes("{\"id\":\"" + id(2) + "\",\"label\":-1}"))));
                bad.add(producer.send(new ProducerRecord<>(Topics.FEEDBACK, bytes("x"), new byte[] {0x7b, 0x22})));
                bad.add(producer.send(new ProducerRecord<>(Topics.FEEDBACK, bytes("y"), bytes("{\"id\":\"" + id(3) + "\"}"))));
                bad.add(producer.send(new ProducerRecord<>(Topics.FEEDBACK, null, bytes("[1,2,3]"))));
                phase("every label matched");
                awaitAll(bad);
                waitFor(Duration.ofMinutes(2), () -> refitsSettled(meters) && refitsTried(meters) >= 5,
                        () -> "refits tried " + refitsTried(meters) + ", settled " + refitsSettled(meters));

                phase("refits settled");
                // the calibration stream and the monitor both read the labels: each dead-letters the bad ones once
                List<ConsumerRecord<byte[], byte[]>> deadLetters = CommittedTopic.read(client, Topics.deadLetter(Topics.FEEDBACK), 20);
                Map<String, Map<String, Integer>> reasons = new TreeMap<>();
                for (ConsumerRecord<byte[], byte[]> r : deadLetters) {
                    reasons.computeIfAbsent(DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.SERVICE), k -> new TreeMap<>())
                            .merge(DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.REASON), 1, Integer::sum);
                    assertThat(DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(Topics.FEEDBACK);
                }
                Map<String, Integer> expected = Map.of("UNMATCHED", 4, "INVALID_LABEL", 3, "MALFORMED", 3);
                assertThat(reasons).isEqualTo(Map.of("calibration-stream", expected, "monitor", expected));

                AvroDeserializer<CalibratorModel> models = new AvroDeserializer<>(CalibratorModel.class, registry);
                List<CalibratorModel> versions = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> r : CommittedTopic.read(client, Topics.CALIBRATION_MODELS, 1)) {
                    versions.add(models.deserialize(r.topic(), r.value()));
                }
                assertThat(versions).as("at least one calibrator promoted; rejected: %s", rejections(meters)).isNotEmpty();
                for (int v = 0; v < versions.size(); v++) {
                    CalibratorModel m = versions.get(v);
                    assertThat(m.getVersion()).isEqualTo(v + 1L);
                    assertThat(m.getModelId()).isEqualTo(bundle.modelId());
                    assertThat(m.getMethod()).isEqualTo("fuzzy");
                    assertThat(m.getHeldOut().getChallenger()).extracting(s -> s.getVariant()).containsExactly(Variant.FP32, Variant.INT4);
                }
                assertThat(counter(meters, "fuzzycal.calibration.refits.promoted", null, null)).isEqualTo(versions.size());
                long version = versions.get(versions.size() - 1).getVersion();

                // the last window: the last 1,000 documents calibrated, all by a promoted calibrator
                labeller.stop();
                labelling.get(10, TimeUnit.SECONDS); // rethrows what failed the labeller
                List<CalibratedPrediction> calibrated = labeller.calibrated();
                assertThat(calibrated).hasSize(2 * TEXTS);
                Map<String, Map<Variant, CalibratedPrediction>> byDocument = new LinkedHashMap<>();
                for (CalibratedPrediction c : calibrated) {
                    assertThat(byDocument.computeIfAbsent(c.getDocumentId(), d -> new HashMap<>()).put(c.getVariant(), c))
                            .as("%s %s calibrated once", c.getDocumentId(), c.getVariant()).isNull();
                }
                List<String> lastWindow = new ArrayList<>(byDocument.keySet()).subList(TEXTS - 1000, TEXTS);
                for (Variant v : Variant.values()) {
                    double[][] raw = new double[lastWindow.size()][];
                    double[][] cal = new double[lastWindow.size()][];
                    int[] y = new int[lastWindow.size()];
                    for (int i = 0; i < lastWindow.size(); i++) {
                        CalibratedPrediction c = byDocument.get(lastWindow.get(i)).get(v);
                        assertThat(c.getCalibratorVersion()).as("calibrated by a promoted calibrator").isGreaterThanOrEqualTo(1);
                        raw[i] = c.getRawProbabilities().stream().mapToDouble(Double::doubleValue).toArray();
                        cal[i] = c.getCalibratedProbabilities().stream().mapToDouble(Double::doubleValue).toArray();
                        y[i] = tweets.labels()[index(lastWindow.get(i))];
                    }
                    double rawEce = CalibrationMeasures.ece(raw, y, 15);
                    double calibratedEce = CalibrationMeasures.ece(cal, y, 15);
                    System.out.printf("last window %s: ECE raw %.4f, calibrated %.4f (calibrator v%d)%n", v, rawEce,
                            calibratedEce, version);
                    assertThat(calibratedEce).as("%s calibrated ECE vs raw", v).isLessThan(rawEce);
                }

                phase("last window checked");
                checkMonitor(client, registry, monitorMeters, versions.get(0));
                phase("monitor checked");

                // restart: predictions made while the calibration stream is down wait for it
                calibration.close();
                phase("calibration stream closed");
                sent.clear();
                for (int i = TEXTS; i < TEXTS + AFTER_RESTART; i++) {
                    sent.add(producer.send(new ProducerRecord<>(Topics.NEWS_TEXT, bytes(id(i)), textJson(i))));
                }
                awaitAll(sent);
                assertThat(CommittedTopic.read(client, Topics.PREDICTIONS, 2 * (TEXTS + AFTER_RESTART)))
                        .hasSize(2 * (TEXTS + AFTER_RESTART));
                phase("predictions made while it was down");
                calibration = CalibrationStreamService.start(settings, config, registry, new SimpleMeterRegistry());
                assertThat(calibration.awaitRunning(Duration.ofSeconds(90))).as("running again").isTrue();
                phase("running again");
                AvroDeserializer<CalibratedPrediction> reader = new AvroDeserializer<>(CalibratedPrediction.class, registry);
                Map<String, Integer> seen = new HashMap<>();
                List<CalibratedPrediction> resumed = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> r : CommittedTopic.read(client, Topics.CALIBRATED, 2 * (TEXTS + AFTER_RESTART))) {
                    CalibratedPrediction c = reader.deserialize(r.topic(), r.value());
                    seen.merge(c.getDocumentId() + "/" + c.getVariant(), 1, Integer::sum);
                    if (index(c.getDocumentId()) >= TEXTS) {
                        resumed.add(c);
                    }
                }
                phase("calibrated after the restart");
                assertThat(seen).as("every prediction calibrated exactly once").hasSize(2 * (TEXTS + AFTER_RESTART));
                assertThat(seen.values()).allMatch(n -> n == 1);
                assertThat(resumed).hasSize(2 * AFTER_RESTART)
                        .allSatisfy(c -> assertThat(c.getCalibratorVersion()).isEqualTo(version));
            } finally {
                scorer.stop();
                scoring.join(30_000);
            }
        } finally {
            calibration.close();
            monitor.close();
        }
    }

    /**
     * The monitor saw the over-confident raw stream and the calibrated one: in the fullest time window
     * that began after the first promotion, calibrated ECE is below raw ECE for both variants, on
     * calibration.metrics and on its Prometheus meters; and it read the promotions.
     */
    private static void checkMonitor(Map<String, Object> client, InMemorySchemaRegistry registry,
                                     PrometheusMeterRegistry meters, CalibratorModel first) {
        AvroDeserializer<CalibrationMetrics> reader = new AvroDeserializer<>(CalibrationMetrics.class, registry);
        List<CalibrationMetrics> windows = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : CommittedTopic.read(client, Topics.CALIBRATION_METRICS, 1)) {
            CalibrationMetrics m = reader.deserialize(r.topic(), r.value());
            if ("time".equals(m.getWindow())) {
                windows.add(m);
            }
        }
        long after = first.getPromotedAt().toEpochMilli() + 2_000;
        for (Variant v : Variant.values()) {
            CalibrationMetrics calibrated = windows.stream()
                    .filter(m -> m.getVariant() == v && m.getStage() == Stage.CALIBRATED
                            && m.getWindowStart().toEpochMilli() >= after)
                    .max(java.util.Comparator.comparingLong(CalibrationMetrics::getN))
                    .orElseThrow(() -> new AssertionError("no " + v + " window after the first promotion in "
                            + windows.size()));
            CalibrationMetrics raw = windows.stream().filter(m -> m.getVariant() == v && m.getStage() == Stage.RAW
                    && m.getWindowEnd().equals(calibrated.getWindowEnd())).findFirst().orElseThrow();
            System.out.printf("monitor %s window %s..%s: n %d, ECE raw %.4f, calibrated %.4f (v%d)%n", v,
                    raw.getWindowStart(), raw.getWindowEnd(), raw.getN(), raw.getEce(), calibrated.getEce(),
                    calibrated.getCalibratorVersion());
            assertThat(calibrated.getN()).isGreaterThanOrEqualTo(50);
            assertThat(calibrated.getCalibratorVersion()).isGreaterThanOrEqualTo(1);
            assertThat(calibrated.getEce()).as("%s calibrated ECE below raw", v).isLessThan(raw.getEce());
            assertThat(calibrated.getCalibrationGainEce()).isPositive();
        }
        String scrape = meters.scrape();
        for (String stage : List.of("RAW", "CALIBRATED")) {
            assertThat(scrape).contains("fuzzycal_calibration_ece{model=\"" + first.getModelId() + "\",stage=\""
                    + stage + "\",variant=\"FP32\",window=\"time\"}");
        }
        assertThat(meters.get("fuzzycal.refits").tag("outcome", "promoted").counter().count()).isPositive();
        assertThat(meters.get("fuzzycal.calibrator.version").gauge().value()).isPositive();
    }

    /** Reads every calibrated prediction and sends each FP32 document's true label {@link #LABEL_DELAY} after it. */
    private static final class Labeller implements Runnable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final KafkaProducer<byte[], byte[]> producer;
        private final AvroDeserializer<CalibratedPrediction> reader;
        private final AvroSerializer<Feedback> feedback;
        private final List<CalibratedPrediction> calibrated = new ArrayList<>();
        private final List<Future<RecordMetadata>> sent = new ArrayList<>();
        private volatile boolean running = true;

        Labeller(Map<String, Object> client, KafkaProducer<byte[], byte[]> producer, InMemorySchemaRegistry registry) {
            Map<String, Object> config = new HashMap<>(client);
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            this.producer = producer;
            this.reader = new AvroDeserializer<>(CalibratedPrediction.class, registry);
            this.feedback = new AvroSerializer<>(registry);
        }

        @Override
        public void run() {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.CALIBRATED, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(Topics.CALIBRATED, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<String, Long> due = new LinkedHashMap<>();
            try (consumer) {
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        CalibratedPrediction c = reader.deserialize(r.topic(), r.value());
                        synchronized (calibrated) {
                            calibrated.add(c);
                        }
                        if (c.getVariant() == Variant.FP32) {
                            due.put(c.getDocumentId(), System.currentTimeMillis() + LABEL_DELAY.toMillis());
                        }
                    }
                    long now = System.currentTimeMillis();
                    for (var it = due.entrySet().iterator(); it.hasNext(); ) {
                        var e = it.next();
                        if (e.getValue() > now) {
                            break;
                        }
                        sent.add(producer.send(label(e.getKey())));
                        it.remove();
                    }
                }
                awaitAll(sent);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** Three forms a labeller may use: Feedback Avro, JSON with a class name, key-less JSON with an index. */
        private ProducerRecord<byte[], byte[]> label(String documentId) {
            int i = index(documentId);
            int y = tweets.labels()[i];
            return switch (i % 3) {
                case 0 -> new ProducerRecord<>(Topics.FEEDBACK, bytes(documentId), feedback.serialize(Topics.FEEDBACK,
                        Feedback.newBuilder().setDocumentId(documentId).setLabel(y).setLabelName(CLASSES.get(y))
                                .setLabelledAt(Instant.now()).setSource("it").build()));
                case 1 -> new ProducerRecord<>(Topics.FEEDBACK, bytes(documentId),
                        bytes("{\"id\":\"" + documentId + "\",\"label\":\"" + CLASSES.get(y) + "\"}"));
                default -> new ProducerRecord<>(Topics.FEEDBACK, null,
                        bytes("{\"id\":\"" + documentId + "\",\"label\":" + y + "}"));
            };
        }

        List<CalibratedPrediction> calibrated() {
            synchronized (calibrated) {
                return List.copyOf(calibrated);
            }
        }

        void stop() {
            running = false;
        }
    }

    private static final long T0 = System.nanoTime();

    private static void phase(String what) {
        System.out.printf("[%5.1f s] %s%n", (System.nanoTime() - T0) / 1e9, what);
    }

    private static boolean refitsSettled(MeterRegistry meters) {
        double rejected = meters.find("fuzzycal.calibration.refits.rejected").counters().stream()
                .mapToDouble(Counter::count).sum();
        return refitsTried(meters) == counter(meters, "fuzzycal.calibration.refits.promoted", null, null) + rejected;
    }

    private static Map<String, Double> rejections(MeterRegistry meters) {
        Map<String, Double> out = new TreeMap<>();
        meters.find("fuzzycal.calibration.refits.rejected").counters()
                .forEach(c -> out.put(c.getId().getTag("reason"), c.count()));
        return out;
    }

    private static double refitsTried(MeterRegistry meters) {
        return counter(meters, "fuzzycal.calibration.refits.tried", null, null);
    }

    private static double counter(MeterRegistry meters, String name, String tag, String value) {
        var search = tag == null ? meters.find(name) : meters.find(name).tag(tag, value);
        Counter c = search.counter();
        return c == null ? 0 : c.count();
    }

    private static void waitFor(Duration timeout, BooleanSupplier condition, java.util.function.Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out; %s", state.get()).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** True while the labeller runs; its failure, if it stopped by one, is thrown here for the test to report. */
    private static boolean labellerAlive(Future<Void> labelling) {
        if (labelling.isDone()) {
            try {
                labelling.get();
            } catch (ExecutionException e) {
                throw new AssertionError("the labeller failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            throw new AssertionError("the labeller stopped before every label was matched");
        }
        return true;
    }

    private static void awaitAll(List<Future<RecordMetadata>> futures) throws Exception {
        for (Future<RecordMetadata> f : futures) {
            f.get(30, TimeUnit.SECONDS);
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(Map<String, Object> client) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static String id(int i) {
        return String.format("d%05d", i);
    }

    private static int index(String id) {
        return Integer.parseInt(id.substring(1));
    }

    private static byte[] textJson(int i) {
        return bytes("{\"id\":\"" + id(i) + "\",\"text\":"
                + com.fasterxml.jackson.databind.node.TextNode.valueOf(tweets.texts().get(i)) + "}");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
