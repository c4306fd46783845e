package io.fuzzycal.testkit;

import io.fuzzycal.devkafka.CommittedTopic;
import io.fuzzycal.devkafka.EmbeddedKafkaBroker;
import io.fuzzycal.devkafka.ScramUser;
import io.fuzzycal.devkafka.ServiceAcls;
import io.fuzzycal.schemas.Topics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker with a SASL_PLAINTEXT + SCRAM-SHA-256 listener, as the security tests use it. */
class SaslScramBrokerIntegrationTest {
    // Quotes, a backslash, a comma and non-ASCII: the password must survive JAAS and the storage formatter.
    private static final ScramUser ALICE = new ScramUser("alice", "al\"ice, s3cret\\ü");
    private static final ScramUser BROKER = new ScramUser("fuzzycal-broker", "broker-secret");
    /** Logs in, has no role: may do nothing. */
    private static final ScramUser BOB = new ScramUser("bob", "bob-secret");
    private static final ScramUser CALIBRATION = new ScramUser("calibration", "cal-secret");

    @TempDir
    static Path dataDir;
    static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafkaBroker.builder().dataDir(dataDir).port(0).saslScram(BROKER)
                .scramUser(ALICE, ServiceAcls.Role.ADMIN).scramUser(BOB)
                .scramUser(CALIBRATION, ServiceAcls.Role.CALIBRATION).start();
        TestClients.createTopic(broker.clientProperties(), Topics.CALIBRATION_MODELS, 1);
        TestClients.produce(broker.clientProperties(), Topics.CALIBRATION_MODELS, Map.of("m1", "calibrator"));
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aUserWithTheRightPasswordProducesAndConsumes() throws Exception {
        Map<String, Object> alice = broker.clientProperties(ALICE);
        TestClients.createTopic(alice, "secured", 1);
        TestClients.produce(alice, "secured", Map.of("k", "v"));
        assertThat(CommittedTopic.read(alice, "secured", 1, Duration.ofSeconds(20)))
                .singleElement().satisfies(r -> assertThat(r.value()).asString().isEqualTo("v"));
    }

    @Test
    void aWrongPasswordFailsWithAnAuthenticationError() {
        Map<String, Object> wrong = broker.clientProperties(new ScramUser("alice", "not-her-password"));
        try (Admin admin = Admin.create(wrong)) {
            assertThatThrownBy(() -> admin.listTopics().names().get())
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(SaslAuthenticationException.class)
                    .hasMessageContaining("invalid credentials");
        }
    }

    @Test
    void anUnknownUserIsRefused() {
        Map<String, Object> stranger = broker.clientProperties(new ScramUser("mallory", "guess"));
        try (Admin admin = Admin.create(stranger)) {
            assertThatThrownBy(() -> admin.listTopics().names().get())
                    .cause().isInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void anUnauthenticatedClientCannotProduce() {
        Map<String, Object> anonymous = fast(Map.of("bootstrap.servers", broker.bootstrapServers()));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(anonymous, new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("secured", "k", "v")).get(20, TimeUnit.SECONDS))
                    .isInstanceOf(Exception.class);
        }
    }

    /** The controller listener used to be plaintext: an anonymous Admin set message.max.bytes to 100 through it. */
    @Test
    void anUnauthenticatedAdminOnTheControllerListenerCannotChangeConfigs() throws Exception {
        Map<String, Object> anonymous = fast(Map.of("bootstrap.controllers", "127.0.0.1:" + broker.controllerPort()));
        ConfigResource cluster = new ConfigResource(ConfigResource.Type.BROKER, "");
        try (Admin admin = Admin.create(anonymous)) {
            assertThatThrownBy(() -> admin.incrementalAlterConfigs(Map.of(cluster, List.of(new AlterConfigOp(
                    new ConfigEntry("message.max.bytes", "100"), AlterConfigOp.OpType.SET)))).all().get(20, TimeUnit.SECONDS))
                    .isInstanceOf(Exception.class);
        }
        try (Admin admin = Admin.create(fast(broker.clientProperties(BOB)))) {
            assertThatThrownBy(() -> admin.incrementalAlterConfigs(Map.of(cluster, List.of(new AlterConfigOp(
                    new ConfigEntry("message.max.bytes", "100"), AlterConfigOp.OpType.SET)))).all().get(20, TimeUnit.SECONDS))
                    .as("a user without ACLs").hasCauseInstanceOf(ClusterAuthorizationException.class);
        }
        TestClients.produce(broker.clientProperties(), "still-large", Map.of("k", "v".repeat(10_000)));
    }

    @Test
    void aUserWithoutAclsCannotReadCalibratorsNorCreateUsers() throws Exception {
        try (KafkaConsumer<String, String> bob = new KafkaConsumer<>(fast(broker.clientProperties(BOB)),
                new StringDeserializer(), new StringDeserializer())) {
            TopicPartition models = new TopicPartition(Topics.CALIBRATION_MODELS, 0);
            bob.assign(List.of(models));
            bob.seekToBeginning(List.of(models));
            assertThatThrownBy(() -> bob.poll(Duration.ofSeconds(10))).isInstanceOf(TopicAuthorizationException.class);
        }
        try (Admin admin = Admin.create(fast(broker.clientProperties(BOB)))) {
            assertThatThrownBy(() -> admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("eve",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), "eve-secret"))).all().get(20, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(ClusterAuthorizationException.class);
        }
    }

    @Test
    void theCalibrationRoleReadsCalibrators() {
        try (KafkaConsumer<String, String> service = new KafkaConsumer<>(fast(broker.clientProperties(CALIBRATION)),
                new StringDeserializer(), new StringDeserializer())) {
            TopicPartition models = new TopicPartition(Topics.CALIBRATION_MODELS, 0);
            service.assign(List.of(models));
            service.seekToBeginning(List.of(models));
            int seen = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (seen == 0 && System.nanoTime() < deadline) {
                seen += service.poll(Duration.ofMillis(200)).count();
            }
            assertThat(seen).isEqualTo(1);
        }
    }

    /** Client properties that give up after seconds, not the minute of Kafka's defaults. */
    private static Map<String, Object> fast(Map<String, Object> client) {
        Map<String, Object> out = new HashMap<>(client);
        out.put("request.timeout.ms", 5_000);
        out.put("default.api.timeout.ms", 10_000);
        out.put("max.block.ms", 10_000);
        out.put("delivery.timeout.ms", 15_000);
        out.put("linger.ms", 0);
        return out;
    }
}
