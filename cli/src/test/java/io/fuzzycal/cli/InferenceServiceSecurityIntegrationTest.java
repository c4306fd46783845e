package io.fuzzycal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fuzzycal.testkit.KafkaCluster;
import io.fuzzycal.model.TestBundles;
import io.fuzzycal.testkit.CliRunner;
import io.fuzzycal.devkafka.ScramUser;
import io.fuzzycal.devkafka.ServiceAcls;
import io.fuzzycal.model.EngineOptions;
import io.fuzzycal.model.InferenceEngine;
import io.fuzzycal.model.ModelBundle;
import io.fuzzycal.schemas.ClusterUnavailableException;
import io.fuzzycal.inference.InferenceService;
import io.fuzzycal.inference.InferenceServiceConfig;
import io.fuzzycal.schemas.Topics;
import io.fuzzycal.schemas.registry.InMemorySchemaRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The inference service on a broker that requires SASL/SCRAM-SHA-256 logins. */
class InferenceServiceSecurityIntegrationTest {
    private static final CliRunner CLI = new CliRunner(FuzzycalCommand::commandLine);

    private static final ScramUser ADMIN = new ScramUser("admin", "admin-secret");
    private static final ScramUser SERVICE = new ScramUser("inference", "s3cr\"et,ü");

    @TempDir
    static Path dir;
    @RegisterExtension
    static final KafkaCluster KAFKA = new KafkaCluster().withSaslScram(ADMIN)
            .withScramUser(SERVICE, ServiceAcls.Role.INFERENCE); // the service's ACLs, nothing more
    private static ModelBundle bundle;

    @BeforeAll
    static void start() throws Exception {
        bundle = TestBundles.defaultBundle();
    }


    private static InferenceServiceConfig config(ScramUser user) {
        Map<String, String> kafka = new HashMap<>();
        user.clientProperties().forEach((k, v) -> kafka.put(k, String.valueOf(v)));
        return InferenceServiceConfig.of(KAFKA.bootstrapServers()).withKafka(kafka).withGroupId("fuzzycal-inference-secure")
                .withBatches(8, Duration.ofMillis(20)).withMaxTextBytes(10_000).withTopicLayout(1, (short) 1);
    }

    @Test
    void theRightCredentialsScoreTexts() throws Exception {
        InferenceServiceConfig config = config(SERVICE);
        try (InferenceEngine engine = InferenceEngine.open(bundle, EngineOptions.defaults().withIntraOpThreads(1));
             InferenceService service = new InferenceService(config, engine,
                     InMemorySchemaRegistry.forScope("sec-" + UUID.randomUUID()),
                     new SimpleMeterRegistry(), "0")) {
            Thread loop = new Thread(service::run);
            loop.start();
            Map<String, Object> client = KAFKA.clientProperties(); // the admin: the service may not write texts
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(client, new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 5; i++) {
                    producer.send(new ProducerRecord<>(Topics.NEWS_TEXT, "s" + i, "Shares jump after upgrade " + i));
                }
            }
            client.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            int seen = 0;
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(client, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                TopicPartition tp = new TopicPartition(Topics.PREDICTIONS, 0);
                consumer.assign(java.util.List.of(tp));
                consumer.seekToBeginning(java.util.List.of(tp));
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (seen < 10 && System.nanoTime() < deadline) {
                    for (var r : consumer.poll(Duration.ofMillis(200))) {
                        assertThat(new String(r.key(), StandardCharsets.UTF_8)).startsWith("s");
                        seen++;
                    }
                }
            }
            service.stop();
            loop.join(30_000);
            assertThat(seen).isEqualTo(10);
        }
    }

    @Test
    void wrongCredentialsFailFastWithAClearMessage() throws Exception {
        try (InferenceEngine engine = InferenceEngine.open(bundle, EngineOptions.defaults().withIntraOpThreads(1))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> new InferenceService(config(new ScramUser("inference", "wrong")), engine,
                    InMemorySchemaRegistry.forScope("sec-wrong"), new SimpleMeterRegistry(), "0"))
                    .isInstanceOf(ClusterUnavailableException.class)
                    .hasMessageContaining("authentication failed");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        }
        // The command line says it in one line and exits 2.
        CliRunner.Result r = CLI.run("inference", "--bootstrap-servers", KAFKA.bootstrapServers(), "--bundle",
                bundle.directory().toString(), "--metrics-port", "0",
                "--kafka", "security.protocol=SASL_PLAINTEXT", "--kafka", "sasl.mechanism=SCRAM-SHA-256",
                "--kafka", "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"inference\" password=\"nope\";");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("fuzzycal: error: ", "authentication failed");
    }
}
