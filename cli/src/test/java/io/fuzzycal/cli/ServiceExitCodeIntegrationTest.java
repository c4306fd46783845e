package io.fuzzycal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.model.ModelBundle;
import io.fuzzycal.model.TestBundles;
import io.fuzzycal.schemas.Topics;
import io.fuzzycal.testkit.KafkaCluster;
import io.fuzzycal.testkit.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service that fails must exit non-zero, so a supervisor restarts it: the shutdown hook used to
 * turn the failure's exit into {@code halt(0)}. The failure injected here is a real one: another
 * producer takes the service's transactional id, fencing it. (SIGTERM's exit 0 is tested by
 * InferenceServiceCrashIntegrationTest and CalibrateStreamCommandIntegrationTest.)
 */
class ServiceExitCodeIntegrationTest {
    @TempDir
    static Path dir;
    @RegisterExtension
    static final KafkaCluster KAFKA = new KafkaCluster();

    @Test
    void aFencedInferenceServiceExitsNonZero() throws Exception {
        ModelBundle bundle = TestBundles.defaultBundle();
        Path log = dir.resolve("inference.log");
        ServiceProcess service = ServiceProcess.start("inference", List.of("-Xmx512m"), List.of("inference",
                "--bootstrap-servers", KAFKA.bootstrapServers(), "--bundle", bundle.directory().toString(),
                "--metrics-port", "0", "--group-id", "exit-test", "--instance-id", "a", "--threads", "1"), log);
        try {
            service.awaitReady(Duration.ofSeconds(120));
            Map<String, Object> client = KAFKA.clientProperties();
            Map<String, Object> fencing = KAFKA.clientProperties();
            fencing.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "exit-test-a"); // the service's: group-instance
            try (KafkaProducer<String, String> usurper = new KafkaProducer<>(fencing, new StringSerializer(), new StringSerializer())) {
                usurper.initTransactions();
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(client, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(Topics.NEWS_TEXT, "e1", "Shares fall after the profit warning")).get(30, TimeUnit.SECONDS);
            }
            int exit = service.awaitExit(Duration.ofSeconds(120)); // the fenced service stops
            assertThat(exit).as(service.output()).isNotZero();
        } finally {
            service.close();
        }
    }
}
