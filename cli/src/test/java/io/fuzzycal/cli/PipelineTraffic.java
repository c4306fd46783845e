package io.fuzzycal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import io.fuzzycal.devkafka.CommittedTopic;
import io.fuzzycal.testkit.ServiceProcess;
import io.fuzzycal.model.LabelledTexts;
import io.fuzzycal.model.TestBundles;
import io.fuzzycal.schemas.DeadLetterHeaders;
import io.fuzzycal.schemas.Topics;
import io.fuzzycal.schemas.avro.CalibratedPrediction;
import io.fuzzycal.schemas.avro.CalibrationMetrics;
import io.fuzzycal.schemas.avro.Prediction;
import io.fuzzycal.schemas.avro.Stage;
import io.fuzzycal.schemas.avro.Variant;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.schemas.serde.AvroDeserializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The traffic of a whole-pipeline test with the services as child processes, and what it must add
 * up to: a feeder plays labelled tweets (data/tfns) into news.text at a steady rate; a labeller sends
 * each document's true label once both its FP32 and INT4 calibrated predictions are committed; with
 * {@code malformed}, 1% of the records of every topic a service reads are bytes that are no record
 * (news.text, sentiment.predictions, sentiment.calibrated, sentiment.feedback, calibration.models),
 * each under a key of its own so that its dead letter can be found. The checks read every topic as
 * a read_committed consumer downstream would.
 */
final class PipelineTraffic implements AutoCloseable {
    /**
     * Creates the pipeline's data topics (texts, predictions, feedback, calibrated) with {@code partitions}
     * each, and {@code extra}, before any service starts, so that every service sees those counts.
     */
    static void createTopics(Map<String, Object> client, int partitions, org.apache.kafka.clients.admin.NewTopic... extra)
            throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(client)) {
            List<org.apache.kafka.clients.admin.NewTopic> topics = new ArrayList<>();
            for (String t : List.of(Topics.NEWS_TEXT, Topics.PREDICTIONS, Topics.FEEDBACK, Topics.CALIBRATED)) {
                topics.add(new org.apache.kafka.clients.admin.NewTopic(t, partitions, (short) 1));
            }
            topics.addAll(List.of(extra));
            admin.createTopics(topics).all().get();
        }
    }

    /** One malformed record per this many good ones (1%). */
    static final int MALFORMED_EVERY = 100;

    private final Map<String, Object> client;
    private final SchemaRegistry registry;
    private final LabelledTexts tweets;
    private final boolean malformed;
    private final KafkaProducer<byte[], byte[]> producer;
    /** Every good text sent (documents and ticks), by id. */
    private final Set<String> texts = ConcurrentHashMap.newKeySet();
    /** The documents labelled, by id. */
    private final Set<String> labelled = ConcurrentHashMap.newKeySet();
    /** The malformed records sent, per topic. */
    private final Map<String, List<String>> bad = new ConcurrentHashMap<>();
    private final AtomicInteger fed = new AtomicInteger();
    private final AtomicInteger ticks = new AtomicInteger();
    private final List<FutureTask<Void>> workers = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    private final java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);

    PipelineTraffic(Map<String, Object> client, SchemaRegistry registry, int documents, boolean malformed)
            throws java.io.IOException {
        this.client = client;
        this.registry = registry;
        this.tweets = LabelledTexts.readCsv(TestBundles.tfnsData().resolve("valid.csv"), 3).head(documents);
        this.malformed = malformed;
        Map<String, Object> config = new HashMap<>(client);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true); // retries across a broker outage add no copies
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 120_000); // a send in a broker outage waits for metadata
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    int documents() {
        return tweets.size();
    }

    static String id(int i) {
        return String.format("d%04d", i);
    }

    /** Plays every document into news.text, {@code perSecond} of them a second, in a thread of its own. */
    void startFeeding(double perSecond) {
        startFeeding(perSecond, Integer.MAX_VALUE);
    }

    /**
     * As {@link #startFeeding(double)}, holding before document {@code holdAt} until {@link #release()}:
     * a test can then make a change (stop an instance) while the rest of the feed is coming.
     */
    void startFeeding(double perSecond, int holdAt) {
        start("feeder", () -> {
            long start = System.nanoTime();
            for (int i = 0; i < tweets.size() && running; i++) {
                if (i == holdAt) {
                    held.countDown();
                    while (running && !hold.await(100, TimeUnit.MILLISECONDS)) {
                        // until released or closed
                    }
                    start = System.nanoTime() - (long) (i * 1e9 / perSecond);
                }
                long due = start + (long) (i * 1e9 / perSecond);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                sendText(id(i), tweets.texts().get(i));
                if (malformed && i % MALFORMED_EVERY == MALFORMED_EVERY / 2) {
                    sendBad(Topics.NEWS_TEXT, i / MALFORMED_EVERY);
                }
                // two predictions and two calibrated records per text: 1% of those is one per 50 texts
                if (malformed && i % (MALFORMED_EVERY / 2) == MALFORMED_EVERY / 4) {
                    int k = i / (MALFORMED_EVERY / 2);
                    sendBad(Topics.PREDICTIONS, k);
                    sendBad(Topics.CALIBRATED, k);
                    sendBad(Topics.CALIBRATION_MODELS, k);
                }
                fed.incrementAndGet();
            }
            producer.flush();
            return null;
        });
    }

    /** Waits until the feeder holds (see {@link #startFeeding(double, int)}). */
    void awaitHeld(Duration timeout) throws InterruptedException {
        if (!held.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            check();
            throw new AssertionError("the feeder did not reach its hold within " + timeout + ": " + fed() + " fed");
        }
    }

    /** Lets a held feeder go on. */
    void release() {
        hold.countDown();
    }

    /** Documents fed so far. */
    int fed() {
        return fed.get();
    }

    boolean fedAll() {
        return fed.get() == tweets.size();
    }

    /**
     * Reads sentiment.calibrated (read_committed) and sends each document's label, as JSON, {@code delay}
     * after both its variants were seen; one malformed feedback record per {@link #MALFORMED_EVERY} labels.
     */
    void startLabelling(Duration delay) {
        start("labeller", () -> {
            Map<String, Object> config = new HashMap<>(client);
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            AvroDeserializer<CalibratedPrediction> reader = new AvroDeserializer<>(CalibratedPrediction.class, registry);
            Map<String, Set<Variant>> seen = new HashMap<>();
            Map<String, Long> due = new LinkedHashMap<>();
            int sent = 0;
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(Topics.CALIBRATED, Duration.ofSeconds(60))
                        .stream().map(p -> new TopicPartition(Topics.CALIBRATED, p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                        if (!key.startsWith("d")) {
                            continue; // a tick, or one of the malformed records this test wrote itself
                        }
                        CalibratedPrediction c = reader.deserialize(r.topic(), r.value());
                        Set<Variant> variants = seen.computeIfAbsent(c.getDocumentId(), d -> EnumSet.noneOf(Variant.class));
                        if (variants.add(c.getVariant()) && variants.size() == Variant.values().length) {
                            due.put(c.getDocumentId(), System.nanoTime() + delay.toNanos());
                        }
                    }
                    long now = System.nanoTime();
                    for (var it = due.entrySet().iterator(); it.hasNext(); ) {
                        var e = it.next();
                        if (e.getValue() > now) {
                            break;
                        }
                        String document = e.getKey();
                        if (labelled.add(document)) {
                            int y = tweets.labels()[Integer.parseInt(document.substring(1))];
                            producer.send(new ProducerRecord<>(Topics.FEEDBACK, bytes(document),
                                    bytes("{\"id\":\"" + document + "\",\"label\":" + y + "}")));
                            if (malformed && ++sent % MALFORMED_EVERY == MALFORMED_EVERY / 2) {
                                sendBad(Topics.FEEDBACK, sent / MALFORMED_EVERY);
                            }
                        }
                        it.remove();
                    }
                }
            }
            producer.flush();
            return null;
        });
    }

    /** Documents labelled so far. */
    int labelled() {
        return labelled.size();
    }

    /** One more good text, not labelled: its predictions move the monitor's stream time on, closing windows. */
    void tick() {
        sendText("tick-" + ticks.incrementAndGet(), "Markets were quiet today");
        producer.flush();
    }

    private void sendText(String id, String text) {
        texts.add(id);
        producer.send(new ProducerRecord<>(Topics.NEWS_TEXT, bytes(id),
                bytes("{\"id\":\"" + id + "\",\"text\":" + TextNode.valueOf(text) + "}")));
    }

    /** A record of {@code topic} that is no record: each kind of broken bytes in turn. */
    private void sendBad(String topic, int k) {
        String key = "bad-" + topic + "-" + k;
        byte[][] kinds = {
            {(byte) 0xff, (byte) 0xfe, (byte) 0x80, 0x41},      // not UTF-8, not Avro, not JSON
            bytes("{\"id\": \"" + key + "\", \"text\": "),     // JSON cut short
            {0, 0, 0, 0x7f, 0x7f, 1, 2, 3},                    // Confluent framing, an unknown schema id
            bytes("just some words"),                          // text where a record is expected (malformed
                                                               // for every topic but news.text: see below)
        };
        byte[] value = kinds[k % kinds.length];
        if (topic.equals(Topics.NEWS_TEXT) && k % kinds.length == 3) {
            value = new byte[0]; // plain words are a valid text; an empty value is not
        }
        bad.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(key);
        producer.send(new ProducerRecord<>(topic, bytes(key), value));
    }

    /** The keys of the malformed records sent to {@code topic}. */
    List<String> bad(String topic) {
        return bad.getOrDefault(topic, List.of());
    }

    /** Every good text sent, documents and ticks. */
    Set<String> texts() {
        return Set.copyOf(texts);
    }

    /** Fails with the worker's error if one stopped by one. */
    void check() {
        for (FutureTask<Void> w : workers) {
            if (w.isDone()) {
                try {
                    w.get();
                } catch (ExecutionException e) {
                    throw new AssertionError("a traffic thread failed", e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    private void start(String name, java.util.concurrent.Callable<Void> body) {
        FutureTask<Void> task = new FutureTask<>(body);
        workers.add(task);
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws Exception {
        running = false;
        for (FutureTask<Void> w : workers) {
            try {
                w.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                // check() reports it; close only stops
            }
        }
        producer.close(Duration.ofSeconds(10));
    }

    // ---- what it must add up to ----

    /** Exactly one FP32 and one INT4 prediction per good text, and nothing else, on sentiment.predictions. */
    void assertPredictionsExactlyOnce() {
        assertOnePerVariant(Topics.PREDICTIONS, r -> {
            Prediction p = new AvroDeserializer<>(Prediction.class, registry).deserialize(r.topic(), r.value());
            return p.getDocumentId() + "/" + p.getVariant();
        });
    }

    /** Exactly one calibrated record per good text and variant, and nothing else, on sentiment.calibrated. */
    List<CalibratedPrediction> assertCalibratedExactlyOnce() {
        AvroDeserializer<CalibratedPrediction> reader = new AvroDeserializer<>(CalibratedPrediction.class, registry);
        List<CalibratedPrediction> all = new ArrayList<>();
        assertOnePerVariant(Topics.CALIBRATED, r -> {
            CalibratedPrediction c = reader.deserialize(r.topic(), r.value());
            all.add(c);
            return c.getDocumentId() + "/" + c.getVariant();
        });
        return all;
    }

    private void assertOnePerVariant(String topic, java.util.function.Function<ConsumerRecord<byte[], byte[]>, String> id) {
        Map<String, Integer> perDocumentVariant = new TreeMap<>();
        Set<String> badKeys = Set.copyOf(bad(topic));
        for (ConsumerRecord<byte[], byte[]> r : CommittedTopic.readToEnd(client, topic)) {
            if (badKeys.contains(new String(r.key(), StandardCharsets.UTF_8))) {
                continue; // the test's own malformed records
            }
            perDocumentVariant.merge(id.apply(r), 1, Integer::sum);
        }
        Set<String> expected = new java.util.TreeSet<>();
        for (String text : texts) {
            for (Variant v : Variant.values()) {
                expected.add(text + "/" + v);
            }
        }
        assertThat(perDocumentVariant.keySet()).as("%s: one per good text and variant, none lost", topic)
                .containsExactlyInAnyOrderElementsOf(expected);
        Map<String, Integer> duplicated = new TreeMap<>(perDocumentVariant);
        duplicated.values().removeIf(n -> n == 1);
        assertThat(duplicated).as("%s: none duplicated", topic).isEmpty();
    }

    /**
     * Every malformed record of {@code topic} is in {@code topic}.dlq exactly once per service that reads
     * {@code topic} ({@code services}), with a reason and a message; nothing else is.
     */
    void assertDeadLetters(String topic, String... services) {
        Map<String, List<String>> byKey = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : CommittedTopic.readToEnd(client, Topics.deadLetter(topic))) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            String reason = DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.REASON);
            String message = DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.MESSAGE);
            assertThat(reason).as("reason of dead letter %s", key).isNotBlank();
            assertThat(message).as("message of dead letter %s", key).isNotBlank();
            String service = DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.SERVICE);
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(service == null ? "?" : service);
        }
        assertThat(bad(topic)).as("malformed records sent to %s", topic).isNotEmpty();
        Map<String, List<String>> expected = new TreeMap<>();
        for (String key : bad(topic)) {
            expected.put(key, List.of(services));
        }
        Map<String, List<String>> sorted = new TreeMap<>();
        byKey.forEach((k, v) -> sorted.put(k, v.stream().sorted().toList()));
        assertThat(sorted).as("%s.dlq: each malformed record once per service, nothing else", topic)
                .isEqualTo(expected);
    }

    /**
     * The latest count window per variant and stage that the monitor committed to calibration.metrics,
     * by variant: its labelled predictions (n) for RAW and CALIBRATED.
     */
    Map<Variant, Map<Stage, Long>> monitorCountWindows() {
        AvroDeserializer<CalibrationMetrics> reader = new AvroDeserializer<>(CalibrationMetrics.class, registry);
        Map<Variant, Map<Stage, Long>> latest = new EnumMap<>(Variant.class);
        for (ConsumerRecord<byte[], byte[]> r : CommittedTopic.readToEnd(client, Topics.CALIBRATION_METRICS)) {
            CalibrationMetrics m = reader.deserialize(r.topic(), r.value());
            if ("count".equals(m.getWindow())) { // one partition per variant/stage key: offset order is time order
                latest.computeIfAbsent(m.getVariant(), v -> new EnumMap<>(Stage.class)).put(m.getStage(), m.getN());
            }
        }
        return latest;
    }

    /**
     * The labelled predictions of every closed time window the monitor committed, summed per variant
     * (RAW stage). With tumbling windows (size = advance) each label is in one window at most: a sum
     * above the labels sent would be a double count; below, labels that came after their window closed.
     */
    Map<Variant, Long> monitorTimeWindowTotals() {
        AvroDeserializer<CalibrationMetrics> reader = new AvroDeserializer<>(CalibrationMetrics.class, registry);
        Map<Variant, Long> totals = new EnumMap<>(Variant.class);
        for (ConsumerRecord<byte[], byte[]> r : CommittedTopic.readToEnd(client, Topics.CALIBRATION_METRICS)) {
            CalibrationMetrics m = reader.deserialize(r.topic(), r.value());
            if ("time".equals(m.getWindow()) && m.getStage() == Stage.RAW) {
                totals.merge(m.getVariant(), m.getN(), Long::sum);
            }
        }
        return totals;
    }

    /** {@code n} for every variant and stage. */
    static Map<Variant, Map<Stage, Long>> everySeries(long n) {
        Map<Variant, Map<Stage, Long>> out = new EnumMap<>(Variant.class);
        for (Variant v : Variant.values()) {
            Map<Stage, Long> stages = new EnumMap<>(Stage.class);
            for (Stage s : Stage.values()) {
                stages.put(s, n);
            }
            out.put(v, stages);
        }
        return out;
    }

    /** Committed records of {@code topic} now, by key. */
    Map<String, Integer> committedByKey(String topic) {
        return CommittedTopic.countByKey(client, topic);
    }

    /** Waits for {@code condition}, checking the traffic threads; fails with {@code state} on timeout. */
    void await(String what, Duration timeout, BooleanSupplier condition, Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            check();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + ": " + state.get());
            }
            Thread.sleep(250);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Starts a service as a child process with its log in {@code target/service-logs/<test>/<name>.log}
     * (an earlier run's log is deleted; restarts within this run append) and adds it to {@code services}.
     */
    static ServiceProcess startService(Class<?> test, List<ServiceProcess> services, String name, String heap,
                                       List<String> common, String... args) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(common);
        java.nio.file.Path logs = java.nio.file.Files.createDirectories(
                java.nio.file.Path.of("target", "service-logs", test.getSimpleName()));
        java.nio.file.Path log = logs.resolve(name + ".log");
        java.nio.file.Files.deleteIfExists(log);
        ServiceProcess s = ServiceProcess.start(name, List.of(heap, "-XX:+UseSerialGC"), all, log);
        services.add(s);
        return s;
    }
}
