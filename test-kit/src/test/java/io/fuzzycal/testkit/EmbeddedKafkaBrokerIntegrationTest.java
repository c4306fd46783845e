package io.fuzzycal.testkit;

import io.fuzzycal.devkafka.CommittedTopic;
import io.fuzzycal.devkafka.EmbeddedKafkaBroker;
import io.fuzzycal.devkafka.ScramUser;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;

    @Test
    void formatsOnFirstStartRoundTripsRecordsAndKeepsThemAcrossARestart() throws Exception {
        Map<String, String> sent = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            sent.put("doc-" + i, "text " + i + " ünïcode");
        }
        String clusterId;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dataDir).port(0).start()) {
            System.out.printf("embedded broker: first start (format) %d ms%n", broker.startupTime().toMillis());
            assertThat(broker.formattedOnStart()).isTrue();
            assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:");
            assertThat(dataDir.resolve("kafka-logs/meta.properties")).isRegularFile();
            clusterId = broker.clusterId();

            TestClients.createTopic(broker.clientProperties(), "round.trip", 3);
            TestClients.produce(broker.clientProperties(), "round.trip", sent);
            List<ConsumerRecord<byte[], byte[]>> read = CommittedTopic.read(broker.clientProperties(), "round.trip", 20, WAIT);
            assertThat(read).extracting(r -> text(r.key())).containsExactlyInAnyOrderElementsOf(sent.keySet());
            assertThat(read).allSatisfy(r -> assertThat(text(r.value())).isEqualTo(sent.get(text(r.key()))));
        }
        // A clean shutdown leaves Kafka's marker, so the next start skips log recovery.
        assertThat(Files.exists(dataDir.resolve("kafka-logs/.kafka_cleanshutdown"))).isTrue();

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dataDir).port(0).start()) {
            System.out.printf("embedded broker: restart %d ms%n", broker.startupTime().toMillis());
            assertThat(broker.formattedOnStart()).isFalse();
            assertThat(broker.clusterId()).isEqualTo(clusterId);
            List<ConsumerRecord<byte[], byte[]>> read = CommittedTopic.read(broker.clientProperties(), "round.trip", 20, WAIT);
            assertThat(read).extracting(r -> text(r.value())).containsExactlyInAnyOrderElementsOf(sent.values());
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
}
