package io.fuzzycal.cli.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.cli.FuzzycalCommand;
import io.fuzzycal.devkafka.ScramUser;
import io.fuzzycal.devkafka.ServiceAcls;
import io.fuzzycal.testkit.CliRunner;
import io.fuzzycal.testkit.KafkaCluster;
import io.fuzzycal.testkit.TestClients;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code fuzzycal consume} against a SASL/SCRAM broker: it logs in with -X properties and names a refusal. */
class ConsumeScramIntegrationTest {
    private static final ScramUser ALICE = new ScramUser("alice", "al\"ice, s3cret\\ü");
    private static final CliRunner CLI = new CliRunner(FuzzycalCommand::commandLine);

    @RegisterExtension
    static final KafkaCluster KAFKA = new KafkaCluster().withSaslScram(new ScramUser("fuzzycal-broker", "broker-secret"))
            .withScramUser(ALICE, ServiceAcls.Role.ADMIN);

    @Test
    void fuzzycalConsumeLogsInWithConsumerPropertiesAndNamesTheAuthenticationFailure() throws Exception {
        TestClients.createTopic(KAFKA.clientProperties(), "secured.cli", 1);
        TestClients.produce(KAFKA.clientProperties(), "secured.cli", Map.of("k", "hello"));

        CliRunner.Result right = consumeAs(ALICE);
        assertThat(right.exitCode()).as(right.err()).isZero();
        assertThat(right.jsonLines()).singleElement().satisfies(l -> assertThat(l.path("value").asText()).isEqualTo("hello"));

        CliRunner.Result wrong = consumeAs(new ScramUser("alice", "wrong"));
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.err()).contains("refused the consumer").contains("invalid credentials");
    }

    private static CliRunner.Result consumeAs(ScramUser user) {
        Map<String, Object> sasl = user.clientProperties();
        return CLI.run("consume", "--bootstrap-servers", KAFKA.bootstrapServers(), "--schema-registry", "none",
                "--topic", "secured.cli", "--from-beginning", "--max", "1", "--timeout", "10s",
                "-X", "security.protocol=" + sasl.get("security.protocol"),
                "-X", "sasl.mechanism=" + sasl.get("sasl.mechanism"),
                "-X", "sasl.jaas.config=" + sasl.get("sasl.jaas.config"));
    }
}
