package io.fuzzycal.stream;

import io.fuzzycal.calibration.CalibrationSet;
import io.fuzzycal.schemas.avro.CalibratedPrediction;
import io.fuzzycal.schemas.avro.CalibratorModel;
import io.fuzzycal.schemas.avro.Feedback;
import io.fuzzycal.schemas.avro.Prediction;
import io.fuzzycal.schemas.avro.Variant;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.schemas.serde.AvroDeserializer;
import io.fuzzycal.schemas.serde.AvroSerializer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Executor;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Shared test data and a {@link TopologyTestDriver} harness for the calibration topology.
 *
 * <p>The synthetic model: 3 classes, true label y uniform, logits {@code z = onehot(y) + N(0, 1)},
 * reported probabilities {@code softmax(3 z)} (FP32) and {@code softmax(3 z + N(0, 0.1))} (INT4):
 * far over-confident, so a temperature above 1 clearly lowers the calibration error.
 */
final class StreamFixtures {
    static final String MODEL = "m1";
    static final List<String> LABELS = List.of("Bearish", "Bullish", "Neutral");
    static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");

    private StreamFixtures() {
    }

    /** One scored document: its true label and the raw probabilities of both variants. */
    record Doc(String id, int label, double[] fp32, double[] int4) {
        /** The document as the refit window holds it, labelled {@code y}. */
        LabelledDocument labelled(int y, long predictedAt, long labelledAt) {
            Map<Variant, double[]> p = new EnumMap<>(Variant.class);
            p.put(Variant.FP32, fp32);
            p.put(Variant.INT4, int4);
            return new LabelledDocument(MODEL, id, y, predictedAt, labelledAt, p);
        }
    }

    /** {@code n} documents {@code prefix0 .. prefix(n-1)} of the over-confident synthetic model. */
    static List<Doc> synthetic(String prefix, int n, long seed) {
        Random random = new Random(seed);
        List<Doc> docs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int y = random.nextInt(3);
            double[] z = new double[3];
            double[] zInt4 = new double[3];
            for (int k = 0; k < 3; k++) {
                z[k] = 3 * ((k == y ? 1.0 : 0.0) + random.nextGaussian());
            }
            for (int k = 0; k < 3; k++) {
                zInt4[k] = z[k] + 0.1 * random.nextGaussian();
            }
            docs.add(new Doc(prefix + i, y, softmax(z), softmax(zInt4)));
        }
        return docs;
    }

    static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[z.length];
        for (int k = 0; k < z.length; k++) {
            p[k] = Math.exp(z[k] - max);
            sum += p[k];
        }
        for (int k = 0; k < z.length; k++) {
            p[k] /= sum;
        }
        return p;
    }

    /** The FP32 rows and true labels of {@code docs}. */
    static CalibrationSet fp32Set(List<Doc> docs) {
        double[][] p = new double[docs.size()][];
        int[] y = new int[docs.size()];
        for (int i = 0; i < docs.size(); i++) {
            p[i] = docs.get(i).fp32();
            y[i] = docs.get(i).label();
        }
        return CalibrationSet.ofProbabilities(p, y);
    }

    static List<Double> boxed(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(v);
        }
        return out;
    }

    static double[] unboxed(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static Prediction prediction(String documentId, Variant variant, double[] probabilities) {
        List<Float> logits = new ArrayList<>();
        for (double p : probabilities) {
            logits.add((float) Math.log(Math.max(p, 1e-30)));
        }
        return Prediction.newBuilder().setDocumentId(documentId).setModelId(MODEL).setVariant(variant)
                .setLabels(LABELS).setProbabilities(boxed(probabilities)).setLogits(logits)
                .setModelLatencyMicros(1_000L).setBatchSize(1).setProducedAt(T0).build();
    }

    static Feedback feedback(String documentId, int label, String labelName) {
        return Feedback.newBuilder().setDocumentId(documentId).setLabel(label).setLabelName(labelName)
                .setLabelledAt(T0).setSource("test").build();
    }

    static String jsonLabel(String documentId, int label) {
        return "{\"id\":\"" + documentId + "\",\"label\":\"" + LABELS.get(label) + "\"}";
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Properties props(Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "calibration-stream-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return props;
    }

    /**
     * A policy that refits on {@code everyLabels} labels or after {@code interval}, needs 10 labels per class, and
     * allows a mean change of 0.5: the synthetic model is so over-confident that its first calibrator moves the
     * probabilities by 0.26 to 0.32, beyond the default limit of 0.25.
     */
    static RefitPolicy policy(String method, int windowSize, int everyLabels, Duration interval) {
        return policy(method, windowSize, everyLabels, interval, 0.5);
    }

    static RefitPolicy policy(String method, int windowSize, int everyLabels, Duration interval, double maxChange) {
        RefitPolicy d = RefitPolicy.defaults();
        return d.withMethod(method).withWindow(windowSize, Duration.ofDays(7)).withTriggers(everyLabels, interval)
                .withGuards(10, d.eceTolerance(), d.nllTolerance(), maxChange);
    }

    /** The topology in a test driver, with typed access to its topics, stores and meters. */
    static final class Harness implements AutoCloseable {
        final CalibrationStreamConfig config;
        final SimpleMeterRegistry meters = new SimpleMeterRegistry();
        final TopologyTestDriver driver;
        private final TestInputTopic<byte[], byte[]> predictions;
        private final TestInputTopic<byte[], byte[]> feedback;
        private final TestInputTopic<String, byte[]> models;
        private final TestOutputTopic<byte[], CalibratedPrediction> calibrated;
        private final TestOutputTopic<byte[], CalibratorModel> promoted;
        private final TestOutputTopic<byte[], byte[]> predictionsDlq;
        private final TestOutputTopic<byte[], byte[]> feedbackDlq;
        private final AvroSerializer<Prediction> predictionWriter;
        private final AvroSerializer<Feedback> feedbackWriter;
        private final AvroSerializer<CalibratorModel> modelWriter;
        /** Record time of the next document {@link #predictAndLabel} sends. */
        private long clock = T0.toEpochMilli();

        /** Fits challengers on the stream thread, so a refit's outcome comes with the record that started it. */
        Harness(CalibrationStreamConfig config, SchemaRegistry registry, Path stateDir) {
            this(config, registry, stateDir, Runnable::run);
        }

        Harness(CalibrationStreamConfig config, SchemaRegistry registry, Path stateDir, Executor fitExecutor) {
            this.config = config;
            this.driver = new TopologyTestDriver(CalibrationTopology.build(config, registry,
                    new CalibrationStreamMetrics(meters), fitExecutor), props(stateDir), T0);
            ByteArraySerializer bytes = new ByteArraySerializer();
            ByteArrayDeserializer fromBytes = new ByteArrayDeserializer();
            predictions = driver.createInputTopic(config.predictionsTopic(), bytes, bytes);
            feedback = driver.createInputTopic(config.feedbackTopic(), bytes, bytes);
            models = driver.createInputTopic(config.modelsTopic(), new StringSerializer(), bytes);
            calibrated = driver.createOutputTopic(config.calibratedTopic(), fromBytes,
                    new AvroDeserializer<>(CalibratedPrediction.class, registry));
            promoted = driver.createOutputTopic(config.modelsTopic(), fromBytes,
                    new AvroDeserializer<>(CalibratorModel.class, registry));
            predictionsDlq = driver.createOutputTopic(config.predictionsDeadLetterTopic(), fromBytes, fromBytes);
            feedbackDlq = driver.createOutputTopic(config.feedbackDeadLetterTopic(), fromBytes, fromBytes);
            predictionWriter = new AvroSerializer<>(registry);
            feedbackWriter = new AvroSerializer<>(registry);
            modelWriter = new AvroSerializer<>(registry);
        }

        byte[] bytesOf(Prediction p) {
            return predictionWriter.serialize(config.predictionsTopic(), p);
        }

        byte[] bytesOf(Feedback f) {
            return feedbackWriter.serialize(config.feedbackTopic(), f);
        }

        void pipePrediction(Prediction p, long timestamp) {
            pipePrediction(utf8(p.getDocumentId()), bytesOf(p), timestamp);
        }

        void pipePrediction(byte[] key, byte[] value, long timestamp) {
            predictions.pipeInput(key, value, timestamp);
        }

        /** The FP32 and the INT4 prediction of {@code doc}. */
        void predict(Doc doc, long timestamp) {
            pipePrediction(prediction(doc.id(), Variant.FP32, doc.fp32()), timestamp);
            pipePrediction(prediction(doc.id(), Variant.INT4, doc.int4()), timestamp);
        }

        void pipeFeedback(byte[] key, byte[] value, long timestamp) {
            feedback.pipeInput(key, value, timestamp);
        }

        void labelJson(String documentId, String json, long timestamp) {
            pipeFeedback(documentId == null ? null : utf8(documentId), utf8(json), timestamp);
        }

        /** Predicts {@code doc} (both variants), then labels it {@code label} 100 ms later; one second per document. */
        void predictAndLabel(Doc doc, int label) {
            predict(doc, clock);
            labelJson(doc.id(), jsonLabel(doc.id(), label), clock + 100);
            clock += 1_000;
        }

        void publish(CalibratorModel model) {
            String key = model.getVariant() == null ? model.getModelId()
                    : CalibrationTarget.key(model.getModelId(), model.getVariant());
            models.pipeInput(key, modelWriter.serialize(config.modelsTopic(), model),
                    model.getPromotedAt());
        }

        /** A tombstone for {@code modelId} on the models topic. */
        void unpublish(String modelId) {
            models.pipeInput(modelId, null, T0);
        }

        List<CalibratedPrediction> calibrated() {
            return calibrated.readValuesToList();
        }

        List<CalibratorModel> promoted() {
            return promoted.readValuesToList();
        }

        List<TestRecord<byte[], byte[]>> predictionsDeadLetters() {
            return predictionsDlq.readRecordsToList();
        }

        List<TestRecord<byte[], byte[]>> feedbackDeadLetters() {
            return feedbackDlq.readRecordsToList();
        }

        /** The counter's count, 0 when it was never registered. */
        double count(String name, String... tags) {
            Counter c = meters.find(name).tags(tags).counter();
            return c == null ? 0 : c.count();
        }

        /** The sum of every counter named {@code name}, whatever its tags. */
        double countAll(String name) {
            return meters.find(name).counters().stream().mapToDouble(Counter::count).sum();
        }

        double gauge(String name, String... tags) {
            Gauge g = meters.find(name).tags(tags).gauge();
            return g == null ? Double.NaN : g.value();
        }

        /** The documents in the refit-window store, in key order. */
        List<LabelledDocument> window() {
            KeyValueStore<Bytes, byte[]> store = driver.getKeyValueStore(CalibrationTopology.REFIT_WINDOW);
            List<LabelledDocument> docs = new ArrayList<>();
            try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
                while (it.hasNext()) {
                    KeyValue<Bytes, byte[]> kv = it.next();
                    docs.add(LabelledDocument.fromBytes(kv.value));
                }
            }
            return docs;
        }

        @Override
        public void close() {
            driver.close();
        }
    }
}
