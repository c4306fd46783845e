package io.fuzzycal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.devkafka.CommittedTopic;
import io.fuzzycal.testkit.KafkaCluster;
import io.fuzzycal.testkit.ServiceProcess;
import io.fuzzycal.model.TestBundles;
import io.fuzzycal.model.ModelBundle;
import io.fuzzycal.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once across a crash: {@code fuzzycal inference} runs as its own process, is killed
 * (SIGKILL, no shutdown hook) after part of the work is committed, and is started again with the
 * same instance id. The committed predictions must be exactly one per text and variant.
 */
class InferenceServiceCrashIntegrationTest {
    private static final int TEXTS = 500;

    @TempDir
    static Path dir;
    @RegisterExtension
    static final KafkaCluster KAFKA = new KafkaCluster();
    private static ModelBundle bundle;

    @BeforeAll
    static void start() throws Exception {
        bundle = TestBundles.defaultBundle();
    }


    private ServiceProcess service(Path log) throws Exception {
        return ServiceProcess.start("inference", List.of("-Xmx512m"), List.of("inference",
                "--bootstrap-servers", KAFKA.bootstrapServers(), "--bundle", bundle.directory().toString(),
                "--metrics-port", "0", "--max-batch-size", "8", "--group-id", "crash-test", "--instance-id", "a",
                "--threads", "1"), log);
    }

    @Test
    void aKilledServiceRestartsWithoutLosingOrDuplicatingPredictions() throws Exception {
        Map<String, Object> client = new HashMap<>(KAFKA.broker().clientProperties());
        try (Admin admin = Admin.create(client)) {
            admin.createTopics(List.of(new NewTopic(Topics.NEWS_TEXT, 3, (short) 1),
                    new NewTopic(Topics.PREDICTIONS, 3, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(client, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < TEXTS; i++) {
                // Synchronous sends: every input is known to be on the broker before the service starts.
                producer.send(new ProducerRecord<>(Topics.NEWS_TEXT, "c" + i, "Quarterly revenue " + (i % 2 == 0 ? "beats" : "misses")
                        + " estimates as margins " + (i % 3 == 0 ? "widen" : "shrink") + " (" + i + ")")).get(30, TimeUnit.SECONDS);
            }
        }
        Path log = dir.resolve("service.log");
        ServiceProcess service = service(log);
        try {
            waitForCommitted(client, 2 * TEXTS / 4, Duration.ofSeconds(120));
            service.kill9(); // SIGKILL: no shutdown hook, a transaction may be open
        } finally {
            service.close();
        }
        int atKill = countByKey(client).values().stream().mapToInt(Integer::intValue).sum();
        assertThat(atKill).as("killed halfway, not after the end").isLessThan(2 * TEXTS);

        service.restart();
        try {
            waitForCommitted(client, 2 * TEXTS, Duration.ofSeconds(180));
            Thread.sleep(2_000); // anything extra would show up now
            // SIGTERM: drains, commits, exits 0
            assertThat(service.stop(Duration.ofSeconds(60))).as(service.output()).isZero();
        } finally {
            service.close();
        }

        Map<String, Integer> byKey = countByKey(client);
        assertThat(byKey).hasSize(TEXTS);
        assertThat(byKey.values()).as("one FP32 and one INT4 prediction per text").allMatch(n -> n == 2);
    }

    private static void waitForCommitted(Map<String, Object> client, int atLeast, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int n = 0;
        while (System.nanoTime() < deadline) {
            n = countByKey(client).values().stream().mapToInt(Integer::intValue).sum();
            if (n >= atLeast) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("only " + n + " committed predictions after " + timeout + ", expected " + atLeast);
    }

    /** Committed predictions per document id (the record key). */
    private static Map<String, Integer> countByKey(Map<String, Object> client) {
        return CommittedTopic.countByKey(client, Topics.PREDICTIONS);
    }

}
