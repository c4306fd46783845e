package io.fuzzycal.monitor;

import io.fuzzycal.schemas.avro.CalibratedPrediction;
import io.fuzzycal.schemas.avro.CalibrationMetrics;
import io.fuzzycal.schemas.avro.DriftAlert;
import io.fuzzycal.schemas.avro.Stage;
import io.fuzzycal.schemas.avro.Variant;
import io.fuzzycal.schemas.feedback.LabelTiming;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.schemas.serde.AvroDeserializer;
import io.fuzzycal.schemas.serde.AvroSerializer;
import io.micrometer.core.instrument.Counter;
import org.apache.avro.generic.GenericContainer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Synthetic calibrated streams and a {@link TopologyTestDriver} harness for the monitor.
 *
 * <p>The synthetic model: 3 classes; the calibrated probabilities {@code q} are a random
 * distribution and the label is drawn from {@code q}, so the calibrated stage is calibrated by
 * construction; the raw probabilities are {@code softmax(3 log q)} (over-confident), INT4's raw ones
 * the same with a little noise.
 */
final class MonitorFixtures {
    static final String MODEL = "m1";
    static final List<String> LABELS = List.of("Bearish", "Bullish", "Neutral");
    static final long T0 = Instant.parse("2024-03-01T00:00:00Z").toEpochMilli();
    static final long MINUTE = 60_000;

    private MonitorFixtures() {
    }

    /** One document: its label and, per variant, raw and calibrated probabilities. */
    record Doc(String id, int label, double[] fp32Raw, double[] fp32Cal, double[] int4Raw, double[] int4Cal) {
        double[] raw(Variant v) {
            return v == Variant.FP32 ? fp32Raw : int4Raw;
        }

        double[] calibrated(Variant v) {
            return v == Variant.FP32 ? fp32Cal : int4Cal;
        }

        double[] probabilities(Variant v, Stage s) {
            return s == Stage.RAW ? raw(v) : calibrated(v);
        }
    }

    /**
     * {@code n} documents; {@code sharpness} is the raw over-confidence (1: raw equals calibrated),
     * {@code calibratedSharpness} makes the calibrated stage over-confident too (1: calibrated).
     */
    static List<Doc> synthetic(String prefix, int n, long seed, double sharpness, double calibratedSharpness) {
        Random random = new Random(seed);
        List<Doc> docs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double[] q = new double[3];
            double sum = 0;
            int favourite = random.nextInt(3);
            for (int k = 0; k < 3; k++) {
                q[k] = -Math.log(1 - random.nextDouble()) * (k == favourite ? 3 : 1);
                sum += q[k];
            }
            for (int k = 0; k < 3; k++) {
                q[k] /= sum;
            }
            double u = random.nextDouble();
            int y = u < q[0] ? 0 : u < q[0] + q[1] ? 1 : 2;
            double[] noise = {0.15 * random.nextGaussian(), 0.15 * random.nextGaussian(), 0.15 * random.nextGaussian()};
            docs.add(new Doc(prefix + i, y, sharpen(q, sharpness, null), sharpen(q, calibratedSharpness, null),
                    sharpen(q, sharpness, noise), sharpen(q, calibratedSharpness, noise)));
        }
        return docs;
    }

    static double[] sharpen(double[] q, double power, double[] noise) {
        double[] z = new double[q.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < q.length; k++) {
            z[k] = power * Math.log(q[k]) + (noise == null ? 0 : noise[k]);
            max = Math.max(max, z[k]);
        }
        double sum = 0;
        for (int k = 0; k < q.length; k++) {
            z[k] = Math.exp(z[k] - max);
            sum += z[k];
        }
        for (int k = 0; k < q.length; k++) {
            z[k] /= sum;
        }
        return z;
    }

    static CalibratedPrediction prediction(String id, Variant variant, double[] raw, double[] calibrated,
                                           long version) {
        return CalibratedPrediction.newBuilder().setDocumentId(id).setModelId(MODEL).setVariant(variant)
                .setLabels(LABELS).setRawProbabilities(boxed(raw)).setCalibratedProbabilities(boxed(calibrated))
                .setCalibratorVersion(version).setCalibratorMethod("fuzzy").setProducedAt(Instant.ofEpochMilli(T0))
                .build();
    }

    static List<Double> boxed(double[] v) {
        List<Double> out = new ArrayList<>(v.length);
        for (double d : v) {
            out.add(d);
        }
        return out;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Small windows for tests: 4 min advancing 1 min, count window of {@code count}, 1 h label delay. */
    static MonitorConfig config(int count, AlertThresholds thresholds) {
        return MonitorConfig.defaults(1)
                .withWindows(Duration.ofMinutes(4), Duration.ofMinutes(1), Duration.ZERO, count)
                .withLabelTiming(new LabelTiming(Duration.ofHours(1), Duration.ofMinutes(10)))
                .withThresholds(thresholds);
    }

    /** The monitor in a test driver. */
    static final class Harness implements AutoCloseable {
        final MonitorConfig config;
        final MeterRegistry meters;
        final TopologyTestDriver driver;
        private final TestInputTopic<byte[], byte[]> calibrated;
        private final TestInputTopic<byte[], byte[]> feedback;
        private final TestInputTopic<byte[], byte[]> models;
        private final TestOutputTopic<String, CalibrationMetrics> metrics;
        private final TestOutputTopic<String, DriftAlert> alerts;
        private final TestOutputTopic<byte[], byte[]> calibratedDlq;
        private final TestOutputTopic<byte[], byte[]> feedbackDlq;
        private final AvroSerializer<GenericContainer> writer;

        Harness(MonitorConfig config, SchemaRegistry registry, Path stateDir) {
            this(config, registry, stateDir, new SimpleMeterRegistry());
        }

        Harness(MonitorConfig config, SchemaRegistry registry, Path stateDir, MeterRegistry meters) {
            this.config = config;
            this.meters = meters;
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "monitor-test");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            driver = new TopologyTestDriver(MonitorTopology.build(config, registry, new MonitorMetrics(meters)), props,
                    Instant.ofEpochMilli(T0));
            ByteArraySerializer bytes = new ByteArraySerializer();
            ByteArrayDeserializer fromBytes = new ByteArrayDeserializer();
            calibrated = driver.createInputTopic(config.calibratedTopic(), bytes, bytes);
            feedback = driver.createInputTopic(config.feedbackTopic(), bytes, bytes);
            models = driver.createInputTopic(config.modelsTopic(), bytes, bytes);
            metrics = driver.createOutputTopic(config.metricsTopic(), new StringDeserializer(),
                    new AvroDeserializer<>(CalibrationMetrics.class, registry));
            alerts = driver.createOutputTopic(config.alertsTopic(), new StringDeserializer(),
                    new AvroDeserializer<>(DriftAlert.class, registry));
            calibratedDlq = driver.createOutputTopic(config.calibratedDeadLetterTopic(), fromBytes, fromBytes);
            feedbackDlq = driver.createOutputTopic(config.feedbackDeadLetterTopic(), fromBytes, fromBytes);
            writer = new AvroSerializer<>(registry);
        }

        byte[] bytesOf(String topic, GenericContainer record) {
            return writer.serialize(topic, record);
        }

        void pipeCalibrated(byte[] key, byte[] value, long time) {
            calibrated.pipeInput(key, value, time);
        }

        /** Both variants of {@code doc} at {@code time}, with calibrator {@code version}. */
        void predict(Doc doc, long time, long version) {
            for (Variant v : Variant.values()) {
                pipeCalibrated(utf8(doc.id()), bytesOf(config.calibratedTopic(),
                        prediction(doc.id(), v, doc.raw(v), doc.calibrated(v), version)), time);
            }
        }

        void label(String id, String json, long time) {
            feedback.pipeInput(id == null ? null : utf8(id), utf8(json), time);
        }

        void label(Doc doc, long time) {
            label(doc.id(), "{\"id\":\"" + doc.id() + "\",\"label\":" + doc.label() + "}", time);
        }

        void pipeModel(byte[] key, byte[] value, long time) {
            models.pipeInput(key, value, time);
        }

        List<CalibrationMetrics> metrics() {
            return metrics.readValuesToList();
        }

        List<DriftAlert> alerts() {
            return alerts.readValuesToList();
        }

        List<TestRecord<byte[], byte[]>> calibratedDeadLetters() {
            return calibratedDlq.readRecordsToList();
        }

        List<TestRecord<byte[], byte[]>> feedbackDeadLetters() {
            return feedbackDlq.readRecordsToList();
        }

        double gauge(String name, String... tags) {
            Gauge g = meters.find(name).tags(tags).gauge();
            return g == null ? Double.NaN : g.value();
        }

        double count(String name, String... tags) {
            Counter c = meters.find(name).tags(tags).counter();
            return c == null ? 0 : c.count();
        }

        long storeSize(String store) {
            long n = 0;
            try (var it = driver.<Object, Object>getKeyValueStore(store).all()) {
                while (it.hasNext()) {
                    it.next();
                    n++;
                }
            }
            return n;
        }

        @Override
        public void close() {
            driver.close();
        }
    }

    /**
     * Sends document i of {@code docs} (number {@code first + i}) as calibrated predictions of both
     * variants at {@code base} + 600 ms each, and its label 300 ms later (none for "tick" documents).
     */
    static void sendTimed(org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]> producer, MonitorConfig config,
                          SchemaRegistry registry, List<Doc> docs, long base, int first) {
        AvroSerializer<CalibratedPrediction> writer = new AvroSerializer<>(registry);
        for (int i = 0; i < docs.size(); i++) {
            Doc d = docs.get(i);
            long t = base + (first + i) * 600L;
            byte[] key = utf8(d.id());
            for (Variant v : Variant.values()) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(config.calibratedTopic(), null, t,
                        key, writer.serialize(config.calibratedTopic(), prediction(d.id(), v, d.raw(v), d.calibrated(v), 0))));
            }
            if (!d.id().startsWith("tick")) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(config.feedbackTopic(), null, t + 300,
                        key, utf8("{\"id\":\"" + d.id() + "\",\"label\":" + d.label() + "}")));
            }
        }
        producer.flush();
    }
}
