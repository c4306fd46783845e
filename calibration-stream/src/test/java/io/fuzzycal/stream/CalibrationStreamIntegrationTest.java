package io.fuzzycal.stream;

import static io.fuzzycal.stream.StreamFixtures.feedback;
import static io.fuzzycal.stream.StreamFixtures.jsonLabel;
import static io.fuzzycal.stream.StreamFixtures.prediction;
import static io.fuzzycal.stream.StreamFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.calibration.metrics.CalibrationMeasures;
import io.fuzzycal.devkafka.CommittedTopic;
import io.fuzzycal.schemas.DeadLetterHeaders;
import io.fuzzycal.schemas.Topics;
import io.fuzzycal.schemas.avro.CalibratedPrediction;
import io.fuzzycal.schemas.avro.CalibratorModel;
import io.fuzzycal.schemas.avro.Feedback;
import io.fuzzycal.schemas.avro.Prediction;
import io.fuzzycal.schemas.avro.Variant;
import io.fuzzycal.schemas.serde.AvroDeserializer;
import io.fuzzycal.schemas.serde.AvroSerializer;
import io.fuzzycal.testkit.KafkaCluster;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The calibration stream alone on a real broker: predictions of the over-confident synthetic model
 * (both variants), labels as Feedback Avro and JSON, bad labels; a promoted refit lowers the
 * calibration error of what follows; a restart on the same state resumes with the promoted version
 * and calibrates every prediction exactly once. (The whole pipeline, with the real inference
 * service in front, is cli's PipelineIntegrationTest.)
 */
class CalibrationStreamIntegrationTest {
    private static final int FIRST = 2_000;
    private static final int SECOND = 1_000;
    private static final int AFTER_RESTART = 100;

    @RegisterExtension
    static final KafkaCluster KAFKA = new KafkaCluster();

    @Test
    void aPromotedRefitCalibratesWhatFollowsAndARestartResumesWithItExactlyOnce() throws Exception {
        KafkaCluster.Scope scope = KafkaCluster.newRegistryScope();
        Map<String, Object> client = KAFKA.clientProperties();
        AvroSerializer<Prediction> predictions = new AvroSerializer<>(scope.registry());
        AvroSerializer<Feedback> feedbacks = new AvroSerializer<>(scope.registry());
        CalibrationStreamConfig config = CalibrationStreamConfig.defaults(3)
                .withLabelDelay(Duration.ofHours(1), Duration.ofMinutes(10))
                .withPolicy(StreamFixtures.policy("temperature", FIRST, 500, Duration.ofMinutes(30)));
        CalibrationStreamService.Settings settings = new CalibrationStreamService.Settings(KAFKA.bootstrapServers(),
                Map.of(), "it-calibration", KAFKA.stateDir("calibration-stream"), 3, (short) 1, 1, "it-0");
        List<StreamFixtures.Doc> docs = StreamFixtures.synthetic("d", FIRST + SECOND + AFTER_RESTART, 7);
        MeterRegistry meters = new SimpleMeterRegistry();

        try (KafkaProducer<byte[], byte[]> producer = producer(client)) {
            CalibrationStreamService service = CalibrationStreamService.start(settings, config, scope.registry(), meters);
            try {
                assertThat(service.awaitRunning(Duration.ofSeconds(60))).as("streams running").isTrue();
                sendPredictions(producer, predictions, docs.subList(0, FIRST));
                assertThat(CommittedTopic.read(client, Topics.CALIBRATED, 2 * FIRST)).hasSize(2 * FIRST);

                List<Future<RecordMetadata>> sent = new ArrayList<>();
                for (int i = 0; i < FIRST; i++) {
                    StreamFixtures.Doc d = docs.get(i);
                    byte[] label = i % 2 == 0
                            ? feedbacks.serialize(Topics.FEEDBACK, feedback(d.id(), d.label(), StreamFixtures.LABELS.get(d.label())))
                            : utf8(jsonLabel(d.id(), d.label()));
                    sent.add(producer.send(new ProducerRecord<>(Topics.FEEDBACK, utf8(d.id()), label)));
                }
                sent.add(producer.send(new ProducerRecord<>(Topics.FEEDBACK, utf8("nope"), utf8("{\"id\":\"nope\",\"label\":0}"))));
                sent.add(producer.send(new ProducerRecord<>(Topics.FEEDBACK, utf8("d0"), utf8("{\"id\":\"d0\",\"label\":9}"))));
                sent.add(producer.send(new ProducerRecord<>(Topics.FEEDBACK, utf8("x"), new byte[] {0x7b, 0x22})));
                awaitAll(sent);
                waitFor(Duration.ofMinutes(2), () -> counter(meters, "fuzzycal.calibration.refits.promoted") >= 1,
                        () -> "promoted " + counter(meters, "fuzzycal.calibration.refits.promoted")
                                + ", tried " + counter(meters, "fuzzycal.calibration.refits.tried"));

                Map<String, String> reasons = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> r : CommittedTopic.read(client, Topics.deadLetter(Topics.FEEDBACK), 3)) {
                    reasons.put(new String(r.key(), java.nio.charset.StandardCharsets.UTF_8),
                            DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.REASON));
                }
                assertThat(reasons).isEqualTo(Map.of("nope", "UNMATCHED", "d0", "INVALID_LABEL", "x", "MALFORMED"));

                sendPredictions(producer, predictions, docs.subList(FIRST, FIRST + SECOND));
                List<CalibratedPrediction> calibrated = calibrated(client, scope, 2 * (FIRST + SECOND));
                long version = lastVersion(client, scope);
                assertThat(version).isGreaterThanOrEqualTo(1);
                for (Variant v : Variant.values()) {
                    Errors e = errors(calibrated, docs.subList(FIRST, FIRST + SECOND), v);
                    System.out.printf("after the refit, %s: ECE raw %.4f, calibrated %.4f (v%d)%n", v, e.raw(), e.calibrated(), version);
                    assertThat(e.calibrated()).as("%s calibrated ECE", v).isLessThan(e.raw() / 2);
                }
            } finally {
                service.close();
            }

            // predictions made while the stream is down wait for it; the restart keeps the promoted version
            sendPredictions(producer, predictions, docs.subList(FIRST + SECOND, docs.size()));
            long version = lastVersion(client, scope);
            try (CalibrationStreamService restarted = CalibrationStreamService.start(settings, config, scope.registry(),
                    new SimpleMeterRegistry())) {
                assertThat(restarted.awaitRunning(Duration.ofSeconds(60))).isTrue();
                List<CalibratedPrediction> all = calibrated(client, scope, 2 * docs.size());
                assertThat(all).hasSize(2 * docs.size());
                assertThat(all).extracting(c -> c.getDocumentId() + "/" + c.getVariant()).doesNotHaveDuplicates();
                // by document, not by position: records of different partitions come back in no fixed order
                assertThat(all)
                        .filteredOn(c -> Integer.parseInt(c.getDocumentId().substring(1)) >= FIRST + SECOND)
                        .hasSize(2 * AFTER_RESTART)
                        .allSatisfy(c -> assertThat(c.getCalibratorVersion()).isEqualTo(version));
            }
        }
    }

    private record Errors(double raw, double calibrated) {
    }

    private static Errors errors(List<CalibratedPrediction> calibrated, List<StreamFixtures.Doc> docs, Variant variant) {
        Map<String, StreamFixtures.Doc> byId = new HashMap<>();
        docs.forEach(d -> byId.put(d.id(), d));
        List<CalibratedPrediction> rows = calibrated.stream()
                .filter(c -> c.getVariant() == variant && byId.containsKey(c.getDocumentId())).toList();
        assertThat(rows).hasSize(docs.size());
        double[][] raw = new double[rows.size()][];
        double[][] cal = new double[rows.size()][];
        int[] y = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            raw[i] = StreamFixtures.unboxed(rows.get(i).getRawProbabilities());
            cal[i] = StreamFixtures.unboxed(rows.get(i).getCalibratedProbabilities());
            y[i] = byId.get(rows.get(i).getDocumentId()).label();
        }
        return new Errors(CalibrationMeasures.ece(raw, y, 15), CalibrationMeasures.ece(cal, y, 15));
    }

    private static void sendPredictions(KafkaProducer<byte[], byte[]> producer, AvroSerializer<Prediction> serializer,
                                        List<StreamFixtures.Doc> docs) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (StreamFixtures.Doc d : docs) {
            sent.add(producer.send(new ProducerRecord<>(Topics.PREDICTIONS, utf8(d.id()),
                    serializer.serialize(Topics.PREDICTIONS, prediction(d.id(), Variant.FP32, d.fp32())))));
            sent.add(producer.send(new ProducerRecord<>(Topics.PREDICTIONS, utf8(d.id()),
                    serializer.serialize(Topics.PREDICTIONS, prediction(d.id(), Variant.INT4, d.int4())))));
        }
        awaitAll(sent);
    }

    private static List<CalibratedPrediction> calibrated(Map<String, Object> client, KafkaCluster.Scope scope, int expected) {
        AvroDeserializer<CalibratedPrediction> reader = new AvroDeserializer<>(CalibratedPrediction.class, scope.registry());
        return CommittedTopic.read(client, Topics.CALIBRATED, expected).stream()
                .map(r -> reader.deserialize(r.topic(), r.value())).toList();
    }

    private static long lastVersion(Map<String, Object> client, KafkaCluster.Scope scope) {
        AvroDeserializer<CalibratorModel> reader = new AvroDeserializer<>(CalibratorModel.class, scope.registry());
        return CommittedTopic.read(client, Topics.CALIBRATION_MODELS, 1).stream()
                .mapToLong(r -> reader.deserialize(r.topic(), r.value()).getVersion()).max().orElse(0);
    }

    private static KafkaProducer<byte[], byte[]> producer(Map<String, Object> client) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void awaitAll(List<Future<RecordMetadata>> sent) throws Exception {
        for (Future<RecordMetadata> f : sent) {
            f.get(30, TimeUnit.SECONDS);
        }
    }

    private static double counter(MeterRegistry meters, String name) {
        Counter c = meters.find(name).counter();
        return c == null ? 0 : c.count();
    }

    private static void waitFor(Duration timeout, BooleanSupplier done, java.util.function.Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting: %s", state.get()).isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
