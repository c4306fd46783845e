package io.fuzzycal.monitor;

import static io.fuzzycal.monitor.MonitorFixtures.MINUTE;
import static io.fuzzycal.monitor.MonitorFixtures.synthetic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fuzzycal.calibration.metrics.CalibrationMeasures;
import io.fuzzycal.devkafka.CommittedTopic;
import io.fuzzycal.monitor.MonitorFixtures.Doc;
import io.fuzzycal.schemas.StreamsSettings;
import io.fuzzycal.schemas.avro.CalibrationMetrics;
import io.fuzzycal.schemas.avro.Stage;
import io.fuzzycal.schemas.avro.Variant;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.schemas.serde.AvroDeserializer;
import io.fuzzycal.schemas.serde.AvroSerializer;
import io.fuzzycal.testkit.KafkaCluster;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The monitor on a real broker, exactly once: synthetic calibrated predictions and their labels in,
 * closed windows out on calibration.metrics; stopped halfway through its windows and restarted on an
 * empty state directory, it restores them from the changelogs and counts every label exactly once.
 */
class MonitorIntegrationTest {
    @RegisterExtension
    static final KafkaCluster CLUSTER = new KafkaCluster();

    @Test
    void aRestartedMonitorLosesNoWindowStateAndCountsNothingTwice() throws Exception {
        KafkaCluster.Scope scope = KafkaCluster.newRegistryScope();
        SchemaRegistry registry = SchemaRegistry.fromConfig(Map.of("schema.registry.url", scope.url()));
        MonitorConfig config = MonitorFixtures.config(50, AlertThresholds.defaults());
        // recent record times: the broker's time-based retention would drop records from 2024
        long base = (System.currentTimeMillis() / MINUTE - 30) * MINUTE;
        List<Doc> docs = synthetic("d", 200, 11, 3, 1);
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            try (MonitorService first = start(config, registry, meters, "first")) {
                assertThat(first.awaitRunning(Duration.ofMinutes(2))).isTrue();
                MonitorFixtures.sendTimed(producer, config, registry, docs.subList(0, 100), base, 0);
                Thread.sleep(3_000); // let every task take its share before a later record moves stream time
                MonitorFixtures.sendTimed(producer, config, registry, docs.subList(100, 101), base, 100);
                awaitWindow(registry, config, base + MINUTE);
            } // closed halfway through the windows ending at 2 to 5 minutes
            try (MonitorService second = start(config, registry, meters, "second")) {
                assertThat(second.awaitRunning(Duration.ofMinutes(2))).isTrue();
                MonitorFixtures.sendTimed(producer, config, registry, docs.subList(101, 200), base, 101);
                Thread.sleep(3_000);
                MonitorFixtures.sendTimed(producer, config, registry, synthetic("tick", 1, 99, 1, 1), base + 10 * MINUTE, 0);
                CalibrationMetrics full = awaitWindow(registry, config, base + 4 * MINUTE);
                assertThat(full.getN()).as("every label counted once, across the restart").isEqualTo(200);
                double[][] p = new double[200][];
                int[] y = new int[200];
                for (int i = 0; i < 200; i++) {
                    p[i] = docs.get(i).probabilities(Variant.FP32, Stage.CALIBRATED);
                    y[i] = docs.get(i).label();
                }
                assertThat(full.getEce()).isCloseTo(CalibrationMeasures.ece(p, y, 15), within(1e-12));
                assertThat(full.getPredictions()).isEqualTo(200);
                assertThat(meters.scrape()).contains("fuzzycal_calibration_ece{model=\"m1\",stage=\"CALIBRATED\","
                        + "variant=\"FP32\",window=\"time\"}");
                assertThat(meters.get("fuzzycal.monitor.events.late").counter().count()).isZero();
            }
        }
    }

    private static MonitorService start(MonitorConfig config, SchemaRegistry registry,
                                        PrometheusMeterRegistry meters, String stateName) throws Exception {
        Map<String, String> kafka = new HashMap<>();
        CLUSTER.clientProperties().forEach((k, v) -> kafka.put(k, String.valueOf(v)));
        kafka.remove("bootstrap.servers");
        Path state = CLUSTER.stateDir("monitor-" + stateName);
        return MonitorService.start(new StreamsSettings(CLUSTER.bootstrapServers(), kafka, "monitor-it", state, 3,
                (short) 1, 1, "it"), config, registry, meters);
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> props = CLUSTER.clientProperties();
        props.put("acks", "all");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }


    /** The FP32/CALIBRATED time window ending at {@code end}, once it is on calibration.metrics. */
    private static CalibrationMetrics awaitWindow(SchemaRegistry registry, MonitorConfig config, long end) {
        AvroDeserializer<CalibrationMetrics> reader = new AvroDeserializer<>(CalibrationMetrics.class, registry);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        List<CalibrationMetrics> seen = new ArrayList<>();
        try (CommittedTopic topic = CommittedTopic.open(CLUSTER.clientProperties(), config.metricsTopic())) {
            while (System.nanoTime() < deadline) {
                topic.poll(Duration.ofMillis(200)).forEach(r -> seen.add(reader.deserialize(config.metricsTopic(),
                        r.value())));
                Optional<CalibrationMetrics> hit = seen.stream().filter(m -> "time".equals(m.getWindow())
                        && m.getVariant() == Variant.FP32 && m.getStage() == Stage.CALIBRATED
                        && m.getWindowEnd().toEpochMilli() == end).findFirst();
                if (hit.isPresent()) {
                    List<CalibrationMetrics> same = seen.stream().filter(m -> m.equals(hit.get())).toList();
                    assertThat(same).as("one record per window").hasSize(1);
                    return hit.get();
                }
            }
        }
        throw new AssertionError("no FP32/CALIBRATED window ending at " + end + " in " + seen.size() + " records");
    }
}
