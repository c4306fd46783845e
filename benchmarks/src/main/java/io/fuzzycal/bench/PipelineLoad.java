package io.fuzzycal.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fuzzycal.devkafka.CommittedTopic;
import io.fuzzycal.model.LabelledTexts;
import io.fuzzycal.schemas.Topics;
import io.fuzzycal.schemas.avro.CalibratedPrediction;
import io.fuzzycal.schemas.avro.Variant;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.schemas.serde.AvroDeserializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The traffic of {@code bench pipeline} and what came of it: texts (JSON {@code {"id","text"}}) into
 * news.text, each with its send time as its record timestamp; a reader of sentiment.calibrated
 * ({@code read_committed}, as a downstream consumer) that notes, per document and variant, when its
 * calibrated record could be read, and sends the document's true label to sentiment.feedback
 * {@code labelDelay} after both variants were read, so that the calibration stream and the monitor
 * get their labels as in production: after the prediction.
 *
 * <p>All times are this JVM's wall clock ({@link System#currentTimeMillis()}); the services run on
 * the same machine, so their timestamps (the calibrated record's, its {@code producedAt}) are on the
 * same clock.
 */
final class PipelineLoad implements AutoCloseable {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** What became of one document: when it was sent, and per variant when it was scored, calibrated and read. */
    static final class Document {
        final String id;
        final int label;
        final long sentMs;
        final Map<Variant, long[]> seen = new EnumMap<>(Variant.class);
        int copies;

        Document(String id, int label, long sentMs) {
            this.id = id;
            this.label = label;
            this.sentMs = sentMs;
        }

        /** {scored, calibrated, read} ms for {@code variant}, or null when not read yet. */
        long[] times(Variant variant) {
            return seen.get(variant);
        }
    }

    private final LabelledTexts corpus;
    private final Duration labelDelay;
    private final AcknowledgedSender<byte[], byte[]> texts;
    /** The reader thread's own: a sender is used by one thread (its flush may replace its producer). */
    private final AcknowledgedSender<byte[], byte[]> labels;
    private final Map<String, Object> client;
    private final AvroDeserializer<CalibratedPrediction> reader;
    private final Map<String, Document> documents = new HashMap<>();
    private final Deque<Map.Entry<Document, Long>> labelsDue = new ArrayDeque<>();
    /** Send times of the labels, in the order they were sent. */
    private final List<Long> labelSentMs = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread readerThread;
    private volatile boolean running = true;
    private int next;
    /** Calibrated records read whose document this load did not send. */
    private int strangers;

    PipelineLoad(Map<String, Object> client, SchemaRegistry registry, LabelledTexts corpus, Duration labelDelay,
                 Consumer<String> progress) {
        this.client = client;
        this.corpus = corpus;
        this.labelDelay = labelDelay;
        Map<String, Object> unlingered = new HashMap<>(client);
        unlingered.put(ProducerConfig.LINGER_MS_CONFIG, 0); // a paced text goes when it is sent, as from a feed
        this.texts = new AcknowledgedSender<>(unlingered, new ByteArraySerializer(), new ByteArraySerializer(), "texts",
                progress);
        this.labels = new AcknowledgedSender<>(unlingered, new ByteArraySerializer(), new ByteArraySerializer(), "labels",
                progress);
        this.reader = new AvroDeserializer<>(CalibratedPrediction.class, registry);
        this.readerThread = new Thread(this::read, "bench-pipeline-reader");
        readerThread.setDaemon(true);
        readerThread.start();
    }

    /**
     * Sends {@code n} texts keyed {@code prefix-<i>}, the corpus in turn (cycled): at once when
     * {@code rate} is 0, else {@code rate} a second; returns their ids.
     */
    List<String> send(String prefix, int n, double rate) {
        List<String> ids = new ArrayList<>(n);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            if (rate > 0) {
                long due = start + (long) (i * 1e9 / rate);
                while (System.nanoTime() < due) {
                    LockSupport.parkNanos(due - System.nanoTime());
                }
            }
            int k = next++ % corpus.size();
            String id = prefix + "-" + i;
            ObjectNode value = JSON.objectNode().put("id", id).put("text", corpus.texts().get(k));
            long now = System.currentTimeMillis();
            synchronized (this) {
                documents.put(id, new Document(id, corpus.labels()[k], now));
            }
            texts.send(new ProducerRecord<>(Topics.NEWS_TEXT, null, now, bytes(id), bytes(value.toString())));
            ids.add(id);
        }
        texts.flush();
        return ids;
    }

    /** Waits until every one of {@code ids} was read in both variants; false after {@code timeout}. */
    boolean awaitCalibrated(List<String> ids, Duration timeout, Runnable onWait) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (calibrated(ids) < ids.size()) {
            check();
            if (System.nanoTime() > deadline) {
                return false;
            }
            onWait.run();
            Thread.sleep(50);
        }
        return true;
    }

    /** How many of {@code ids} were read in every variant. */
    synchronized int calibrated(List<String> ids) {
        int n = 0;
        for (String id : ids) {
            if (documents.get(id).seen.size() == Variant.values().length) {
                n++;
            }
        }
        return n;
    }

    /** The documents of {@code ids}, as recorded so far (read them once the reader is done with them). */
    synchronized List<Document> documents(List<String> ids) {
        return ids.stream().map(documents::get).toList();
    }

    /** Calibrated records read more than once per document and variant, over every document. */
    synchronized int duplicates() {
        return documents.values().stream().mapToInt(d -> d.copies).sum();
    }

    synchronized int strangers() {
        return strangers;
    }

    synchronized int labelsSent() {
        return labelSentMs.size();
    }

    /** Send times of the labels from the {@code from}-th on (0-based, in sending order). */
    synchronized List<Long> labelSendTimes(int from) {
        return List.copyOf(labelSentMs.subList(Math.min(from, labelSentMs.size()), labelSentMs.size()));
    }

    synchronized int labelsPending() {
        return labelsDue.size();
    }

    /** Fails with the reader's error if it stopped on one. */
    void check() {
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException("the reader of " + Topics.CALIBRATED + " failed: " + t, t);
        }
    }

    private void read() {
        try (CommittedTopic calibrated = CommittedTopic.open(client, Topics.CALIBRATED)) {
            while (running) {
                List<ConsumerRecord<byte[], byte[]>> records = calibrated.poll(Duration.ofMillis(20));
                long readMs = System.currentTimeMillis();
                List<Document> due;
                synchronized (this) {
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        took(r, readMs);
                    }
                    due = dueLabels();
                }
                send(due);
            }
        } catch (Throwable t) {
            failure.set(t);
        }
    }

    private void took(ConsumerRecord<byte[], byte[]> r, long readMs) {
        if (r.timestampType() != TimestampType.CREATE_TIME) {
            throw new IllegalStateException(Topics.CALIBRATED + " has timestamps of type " + r.timestampType()
                    + "; the bench reads its records' CreateTime (when their prediction was produced)");
        }
        CalibratedPrediction c = reader.deserialize(r.topic(), r.value());
        Document d = documents.get(c.getDocumentId());
        if (d == null) {
            strangers++;
            return;
        }
        if (d.seen.containsKey(c.getVariant())) {
            d.copies++;
            return;
        }
        d.seen.put(c.getVariant(), new long[] {r.timestamp(), c.getProducedAt().toEpochMilli(), readMs});
        if (d.seen.size() == Variant.values().length) {
            labelsDue.add(Map.entry(d, readMs + labelDelay.toMillis()));
        }
    }

    /** The documents whose label is due now, taken off the queue; their send times noted. */
    private List<Document> dueLabels() {
        long now = System.currentTimeMillis();
        List<Document> due = new ArrayList<>();
        while (!labelsDue.isEmpty() && labelsDue.peek().getValue() <= now) {
            due.add(labelsDue.poll().getKey());
            labelSentMs.add(now);
        }
        return due;
    }

    private void send(List<Document> due) {
        for (Document d : due) {
            ObjectNode value = JSON.objectNode().put("id", d.id).put("label", d.label);
            labels.send(new ProducerRecord<>(Topics.FEEDBACK, bytes(d.id), bytes(value.toString())));
        }
        if (!due.isEmpty()) {
            labels.flush(); // acknowledged, or sent again
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        readerThread.join(TimeUnit.SECONDS.toMillis(30));
        texts.close();
        labels.close();
    }
}
