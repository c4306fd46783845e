package io.fuzzycal.inference;

import io.fuzzycal.model.InferenceEngine;
import io.fuzzycal.model.ModelOutput;
import io.fuzzycal.model.Precision;
import io.fuzzycal.schemas.ClusterUnavailableException;
import io.fuzzycal.schemas.TopicProvisioner;
import io.fuzzycal.schemas.avro.NewsText;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.schemas.serde.AvroDeserializer;
import io.fuzzycal.schemas.serde.AvroSerializer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consume → infer → produce loop, exactly once.
 *
 * <p>Records are gathered into a micro-batch until {@code maxBatchSize} records, {@code maxBatchBytes}
 * or {@code maxWait} since the batch's first record. The engine sorts each micro-batch by token length
 * and scores it in its own batches, FP32 and INT4 concurrently when configured. Each batch is one Kafka transaction: its dead letters, one
 * {@code ModelOutput} per text and variant, and the consumed offsets commit together, so a crash
 * anywhere never loses or duplicates a prediction for {@code read_committed} readers. The
 * transactional id is stable per group and instance, so a restarted instance fences its crashed
 * predecessor and aborts what it left open.
 */
public final class InferenceService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InferenceService.class);
    private static final Duration POLL = Duration.ofMillis(20);
    /** Attempts of one batch that fail with a non-retriable error before the service stops with that error. */
    static final int MAX_COMMIT_ATTEMPTS = 3;

    private final InferenceServiceConfig config;
    private final InferenceEngine engine;
    private final InferenceMetrics metrics;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AvroSerializer<io.fuzzycal.schemas.avro.Prediction> predictions;
    private final NewsTextDecoder decoder;
    private final MicroBatch pending;
    /** The second variant's thread when the variants are scored concurrently; null otherwise. */
    private final ExecutorService secondVariant;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile long lastPollNanos;
    private volatile boolean polled;
    private int failedCommits;

    /**
     * Connects, creates the topics when missing, and initialises the transactional producer.
     *
     * @throws ClusterUnavailableException with the broker's reason (bad credentials, unreachable)
     */
    private final java.util.concurrent.CountDownLatch assigned = new java.util.concurrent.CountDownLatch(1);

    public InferenceService(InferenceServiceConfig config, InferenceEngine engine, SchemaRegistry registry,
                            MeterRegistry meters, String instanceId) throws ClusterUnavailableException {
        this.config = config;
        this.engine = engine;
        this.metrics = new InferenceMetrics(meters);
        this.decoder = new NewsTextDecoder(new AvroDeserializer<>(NewsText.class, registry), config.maxTextBytes());
        this.predictions = new AvroSerializer<>(registry);
        this.pending = new MicroBatch(config.maxBatchSize(), config.maxBatchBytes(), config.maxWait().toNanos());
        try (Admin admin = Admin.create(clientProperties())) {
            TopicProvisioner.ensure(admin, List.of(
                    TopicProvisioner.topic(config.inputTopic(), config.partitions(), config.replicationFactor()),
                    TopicProvisioner.topic(config.outputTopic(), config.partitions(), config.replicationFactor()),
                    TopicProvisioner.topic(config.deadLetterTopic(), config.partitions(), config.replicationFactor())));
        } catch (RuntimeException e) {
            throw ClusterUnavailableException.of("cannot reach or use the Kafka cluster at " + config.bootstrapServers(), e);
        }
        this.consumer = new KafkaConsumer<>(consumerProperties(instanceId), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.producer = new KafkaProducer<>(producerProperties(instanceId), new ByteArraySerializer(), new ByteArraySerializer());
        // the consumer's own metrics, records-lag per partition among them (the lag alert and panel)
        new KafkaClientMetrics(consumer).bindTo(meters);
        try {
            producer.initTransactions();
        } catch (RuntimeException e) {
            consumer.close();
            producer.close(Duration.ZERO);
            throw ClusterUnavailableException.of("cannot start the transactional producer", e);
        }
        this.secondVariant = config.concurrentVariants() ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzzycal-inference-variant");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /** Runs until {@link #stop()}; then scores and commits the batch in flight and returns. */
    public void run() {
        try {
            consumer.subscribe(List.of(config.inputTopic()), new FlushOnRevoke());
            while (running) {
                try {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                    lastPollNanos = System.nanoTime();
                    polled = true;
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        if (pending.wouldOverflow(r)) {
                            flush();
                        }
                        pending.add(r, System.nanoTime());
                        if (pending.isFull()) {
                            flush();
                        }
                    }
                } catch (WakeupException e) {
                    if (running) {
                        throw e;
                    }
                }
                if (!pending.isEmpty() && (!running || pending.isDue(System.nanoTime()))) {
                    flush();
                }
            }
        } finally {
            stopped.countDown();
        }
    }

    /** Nanoseconds since the loop's last poll returned, or -1 before the first: the service's liveness. */
    public long nanosSinceLastPoll() {
        return polled ? System.nanoTime() - lastPollNanos : -1;
    }

    /**
     * Waits until the group has given this instance its partitions for the first time (it may be
     * none, when other instances hold them all); false when {@code timeout} passes first.
     */
    public boolean awaitAssignment(Duration timeout) throws InterruptedException {
        return assigned.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Asks the loop to finish; safe from any thread (a shutdown hook). */
    public void stop() {
        running = false;
        consumer.wakeup();
    }

    /** Waits until {@link #run()} has returned. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    /** Closes the clients; the consumer leaves the group, so its partitions move at once (static members stay otherwise). */
    @Override
    public void close() {
        consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5))
                .withGroupMembershipOperation(org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        producer.close(Duration.ofSeconds(5));
        if (secondVariant != null) {
            secondVariant.shutdownNow();
        }
    }

    /** Scores the pending records and commits them with their offsets in one transaction. */
    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<ConsumerRecord<byte[], byte[]>> batch = pending.drain();
        metrics.consumed(batch.size());
        List<ConsumerRecord<byte[], byte[]>> accepted = new ArrayList<>();
        List<IncomingText> texts = new ArrayList<>();
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : batch) {
            try {
                texts.add(decoder.decode(r.topic(), r.key(), r.value()));
                accepted.add(r);
            } catch (RejectedRecordException e) {
                out.add(DeadLetters.of(r, config.deadLetterTopic(), e));
                metrics.deadLettered(e.reason());
            }
        }
        Map<Precision, Scored> scored = texts.isEmpty() ? Map.of()
                : score(texts.stream().map(IncomingText::text).toList());
        Instant now = Instant.now();
        for (Map.Entry<Precision, Scored> e : scored.entrySet()) {
            for (int i = 0; i < texts.size(); i++) {
                out.add(predictionRecord(texts.get(i), e.getKey(), e.getValue().outputs().get(i), e.getValue().nanos(),
                        texts.size(), now));
            }
        }
        commit(batch, out);
        long nowMillis = System.currentTimeMillis();
        for (Precision v : scored.keySet()) {
            for (ConsumerRecord<byte[], byte[]> r : accepted) {
                metrics.delivered(v, r.timestamp(), nowMillis);
            }
        }
    }

    /**
     * Both variants' outputs for {@code bodies}, in variant order: one after the other, or the second
     * on its own thread while this one scores the first. The engine sorts the texts by token length
     * and runs them in its batches; nothing is committed until both are back.
     */
    private Map<Precision, Scored> score(List<String> bodies) {
        Precision[] variants = Precision.values();
        Map<Precision, Scored> scored = new EnumMap<>(Precision.class);
        Future<Scored> second = null;
        if (secondVariant != null && variants.length > 1) {
            Precision v = variants[variants.length - 1];
            second = secondVariant.submit(() -> scoreOne(v, bodies));
        }
        try {
            for (int i = 0; i < (second == null ? variants.length : variants.length - 1); i++) {
                scored.put(variants[i], scoreOne(variants[i], bodies));
            }
            if (second != null) {
                scored.put(variants[variants.length - 1], second.get());
                second = null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while scoring; nothing of this batch was committed", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        } finally {
            if (second != null) {
                second.cancel(true);
            }
        }
        return scored;
    }

    private Scored scoreOne(Precision variant, List<String> bodies) {
        long start = System.nanoTime();
        List<ModelOutput> outputs;
        try {
            outputs = engine.classify(variant, bodies);
        } catch (IOException e) {
            throw new IllegalStateException("inference failed; nothing of this batch was committed: " + e.getMessage(), e);
        }
        long nanos = System.nanoTime() - start;
        metrics.scored(variant, bodies.size(), nanos);
        return new Scored(outputs, nanos);
    }

    /** One variant's outputs for a micro-batch and the model time they took. */
    private record Scored(List<ModelOutput> outputs, long nanos) {
    }

    private void commit(List<ConsumerRecord<byte[], byte[]>> batch, List<ProducerRecord<byte[], byte[]>> out) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Map<TopicPartition, Long> firstOffsets = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : batch) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            offsets.put(tp, new OffsetAndMetadata(r.offset() + 1));
            firstOffsets.merge(tp, r.offset(), Math::min);
        }
        try {
            producer.beginTransaction();
            for (ProducerRecord<byte[], byte[]> r : out) {
                producer.send(r);
            }
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            producer.commitTransaction();
            failedCommits = 0;
            metrics.commitFailing(false);
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
            throw new IllegalStateException("the transactional producer cannot continue: " + e.getMessage(), e);
        } catch (KafkaException e) {
            // Abort and rewind: the batch is consumed again and nothing of it was committed.
            LOG.warn("transaction aborted, batch will be retried: {}", e.toString());
            producer.abortTransaction();
            metrics.commitFailing(true);
            // A broker outage heals by itself: retry for ever. The same batch failing for another reason
            // would fail for ever and hold its partitions: stop with the error instead (exit non-zero).
            if (!retriable(e) && ++failedCommits >= MAX_COMMIT_ATTEMPTS) {
                throw new IllegalStateException("cannot commit a batch of " + batch.size() + " records from "
                        + offsets.keySet() + " after " + failedCommits + " attempts: " + rootMessage(e), e);
            }
            firstOffsets.forEach(consumer::seek);
        }
    }

    private static boolean retriable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RetriableException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.toString() : e.getMessage() + " (" + root + ")";
    }

    private ProducerRecord<byte[], byte[]> predictionRecord(IncomingText text, Precision variant, ModelOutput p,
                                                            long modelNanos, int batchSize, Instant now) {
        List<Double> probabilities = new ArrayList<>(p.probabilities().length);
        for (double v : p.probabilities()) {
            probabilities.add(v);
        }
        List<Float> logits = new ArrayList<>(p.logits().length);
        for (float v : p.logits()) {
            logits.add(v);
        }
        io.fuzzycal.schemas.avro.Prediction record = io.fuzzycal.schemas.avro.Prediction.newBuilder()
                .setDocumentId(text.id())
                .setModelId(engine.bundle().modelId())
                .setVariant(io.fuzzycal.schemas.avro.Variant.valueOf(variant.name()))
                .setLabels(engine.labels())
                .setProbabilities(probabilities)
                .setLogits(logits)
                .setModelLatencyMicros(modelNanos / 1_000)
                .setBatchSize(batchSize)
                .setProducedAt(now)
                .build();
        return new ProducerRecord<>(config.outputTopic(), null, text.id().getBytes(StandardCharsets.UTF_8),
                predictions.serialize(config.outputTopic(), record));
    }

    private Properties clientProperties() {
        Properties p = new Properties();
        p.putAll(config.kafka());
        p.put("bootstrap.servers", config.bootstrapServers());
        return p;
    }

    private Properties consumerProperties(String instanceId) {
        Properties p = clientProperties();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        // static membership: a restarted instance takes its partitions back at once, not after the session timeout
        p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.groupId() + "-" + instanceId);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(config.maxBatchSize()));
        return p;
    }

    private Properties producerProperties(String instanceId) {
        Properties p = clientProperties();
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.groupId() + "-" + instanceId);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
        return p;
    }

    /** Before partitions move to another instance, commit what was read from them. */
    private final class FlushOnRevoke implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            flush();
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            assigned.countDown();
        }
    }
}
