package io.fuzzycal.testkit;

import io.fuzzycal.devkafka.CommittedTopic;
import io.fuzzycal.devkafka.EmbeddedKafkaBroker;
import io.fuzzycal.devkafka.ScramUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
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

    @TempDir
    static Path dataDir;
    static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafkaBroker.builder().dataDir(dataDir).port(0).saslScram(BROKER).scramUser(ALICE).start();
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
}
