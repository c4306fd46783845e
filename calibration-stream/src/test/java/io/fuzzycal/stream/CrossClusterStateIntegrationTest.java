package io.fuzzycal.stream;

import static io.fuzzycal.stream.StreamFixtures.jsonLabel;
import static io.fuzzycal.stream.StreamFixtures.prediction;
import static io.fuzzycal.stream.StreamFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.devkafka.EmbeddedKafkaBroker;
import io.fuzzycal.schemas.Topics;
import io.fuzzycal.schemas.avro.Prediction;
import io.fuzzycal.schemas.avro.Variant;
import io.fuzzycal.schemas.registry.InMemorySchemaRegistry;
import io.fuzzycal.schemas.serde.AvroSerializer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local state belongs to one cluster: the service runs on cluster A until its refit window holds
 * labels, stops, and starts with the same state folder on a brand-new cluster B at the same address.
 * Nothing of A may show in B: B's window holds only B's labels, and no refit is tried on A's.
 */
class CrossClusterStateIntegrationTest {
    private static final int ON_A = 100;
    private static final int ON_B = 10;

    @TempDir
    Path dir;

    @Test
    void stateOfClusterAIsNeverUsedOnClusterB() throws Exception {
        String scope = "it-" + UUID.randomUUID();
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(scope);
        // refit after A's labels plus B's: only a window that kept A's labels reaches it
        CalibrationStreamConfig config = CalibrationStreamConfig.defaults(1)
                .withLabelDelay(Duration.ofHours(1), Duration.ofMinutes(10))
                .withPolicy(StreamFixtures.policy("temperature", 1_000, ON_A + ON_B / 2, Duration.ofHours(1)));
        Path state = Files.createDirectories(dir.resolve("state"));
        List<StreamFixtures.Doc> docs = StreamFixtures.synthetic("d", ON_A + ON_B, 5);

        int port;
        String clusterA;
        try (EmbeddedKafkaBroker a = EmbeddedKafkaBroker.builder().dataDir(dir.resolve("a")).port(0).start()) {
            port = a.port();
            clusterA = a.clusterId();
            MeterRegistry meters = new SimpleMeterRegistry();
            try (CalibrationStreamService service = CalibrationStreamService.start(settings(a, state), config, registry, meters)) {
                assertThat(service.awaitRunning(Duration.ofSeconds(60))).isTrue();
                send(a, registry, docs.subList(0, ON_A));
                awaitWindow(meters, ON_A);
            }
        }
        try (EmbeddedKafkaBroker b = EmbeddedKafkaBroker.builder().dataDir(dir.resolve("b")).port(port).start()) {
            assertThat(b.clusterId()).isNotEqualTo(clusterA);
            MeterRegistry meters = new SimpleMeterRegistry();
            try (CalibrationStreamService service = CalibrationStreamService.start(settings(b, state), config, registry, meters)) {
                assertThat(service.awaitRunning(Duration.ofSeconds(60))).isTrue();
                send(b, registry, docs.subList(ON_A, ON_A + ON_B));
                awaitWindow(meters, ON_B);
                Thread.sleep(2_000); // a refit on A's labels would be tried now
                assertThat(window(meters)).as("only B's labels in B's window").isEqualTo(ON_B);
                Counter tried = meters.find("fuzzycal.calibration.refits.tried").counter();
                assertThat(tried == null ? 0 : tried.count()).as("no refit").isZero();
            }
        }
        assertThat(state.resolve("cluster-" + clusterA)).isDirectory();
    }

    private static CalibrationStreamService.Settings settings(EmbeddedKafkaBroker broker, Path state) {
        Map<String, String> kafka = new HashMap<>();
        broker.clientProperties().forEach((k, v) -> kafka.put(k, String.valueOf(v)));
        kafka.remove("bootstrap.servers");
        return new CalibrationStreamService.Settings(broker.bootstrapServers(), kafka, "it-cross", state, 1, (short) 1, 1, "it-0");
    }

    private static void send(EmbeddedKafkaBroker broker, InMemorySchemaRegistry registry, List<StreamFixtures.Doc> docs)
            throws Exception {
        Map<String, Object> config = new HashMap<>(broker.clientProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        AvroSerializer<Prediction> predictions = new AvroSerializer<>(registry);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (StreamFixtures.Doc d : docs) {
                producer.send(new ProducerRecord<>(Topics.PREDICTIONS, utf8(d.id()),
                        predictions.serialize(Topics.PREDICTIONS, prediction(d.id(), Variant.FP32, d.fp32()))));
            }
            producer.flush();
            Thread.sleep(1_000); // predictions first, so that every label finds its document
            for (StreamFixtures.Doc d : docs) {
                producer.send(new ProducerRecord<>(Topics.FEEDBACK, utf8(d.id()), utf8(jsonLabel(d.id(), d.label()))))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static void awaitWindow(MeterRegistry meters, int size) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (window(meters) < size) {
            assertThat(System.nanoTime()).as("window of %d, has %d", size, window(meters)).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static long window(MeterRegistry meters) {
        Gauge g = meters.find("fuzzycal.calibration.window.size").gauge();
        return g == null ? 0 : (long) g.value();
    }
}
