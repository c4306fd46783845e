package io.fuzzycal.devkafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import kafka.server.KafkaConfig;
import org.junit.jupiter.api.Test;

class BrokerPropertiesTest {
    private static final ScramUser BROKER = new ScramUser("broker", "pa\"ss");

    private static BrokerSettings settings(ScramUser brokerUser, Map<String, String> overrides) {
        return new BrokerSettings(Path.of("/data/fc"), "127.0.0.1", "127.0.0.1", 9092, 9093, brokerUser, List.of(),
                Map.of("ops", ServiceAcls.Role.ADMIN, "svc", ServiceAcls.Role.INFERENCE), overrides, Duration.ofSeconds(30));
    }

    @Test
    void everyPropertyIsAKafkaBrokerSettingAndKafkaAcceptsTheWhole() {
        Properties properties = BrokerProperties.of(settings(BROKER, Map.of()));
        Set<String> known = KafkaConfig.configDef().names();
        // listener.name.* and the authorizer's own settings are read by the listener and the authorizer
        Set<String> authorizer = Set.of("super.users", "allow.everyone.if.no.acl.found");
        assertThat(properties.stringPropertyNames())
                .filteredOn(name -> !name.startsWith("listener.name.") && !authorizer.contains(name))
                .allSatisfy(name -> assertThat(known).contains(name));
        KafkaConfig config = KafkaConfig.fromProps(properties, false);
        assertThat(config.nodeId()).isEqualTo(1);
    }

    @Test
    void describesOneCombinedNodeOnASmallHeap() {
        Properties p = BrokerProperties.of(settings(null, Map.of("num.partitions", "3")));
        assertThat(p.getProperty("process.roles")).isEqualTo("broker,controller");
        assertThat(p.getProperty("controller.quorum.voters")).isEqualTo("1@127.0.0.1:9093");
        assertThat(p.getProperty("listeners")).isEqualTo("CLIENT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093");
        assertThat(p.getProperty("advertised.listeners")).isEqualTo("CLIENT://127.0.0.1:9092");
        assertThat(p.getProperty("listener.security.protocol.map")).isEqualTo("CLIENT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        assertThat(p.getProperty("log.dirs")).isEqualTo(Path.of("/data/fc/kafka-logs").toString());
        assertThat(Long.parseLong(p.getProperty("log.cleaner.dedupe.buffer.size"))).isLessThan(32L << 20);
        assertThat(p.getProperty("offsets.topic.replication.factor")).isEqualTo("1");
        assertThat(p.getProperty("transaction.state.log.replication.factor")).isEqualTo("1");
        assertThat(p.getProperty("transaction.state.log.min.isr")).isEqualTo("1");
        assertThat(p.getProperty("group.initial.rebalance.delay.ms")).isEqualTo("0");
        assertThat(p.getProperty("num.partitions")).isEqualTo("3");
        assertThat(p.stringPropertyNames()).noneMatch(name -> name.contains("sasl"));
    }

    @Test
    void saslScramMakesTheClientListenerAuthenticateWithEscapedJaas() {
        Properties p = BrokerProperties.of(settings(BROKER, Map.of()));
        assertThat(p.getProperty("listener.security.protocol.map")).isEqualTo("CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        assertThat(p.getProperty("sasl.mechanism.controller.protocol")).isEqualTo("PLAIN");
        assertThat(p.getProperty("listener.name.controller.plain.sasl.jaas.config")).isEqualTo(
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"broker\" password=\"pa\\\"ss\""
                        + " user_broker=\"pa\\\"ss\";");
        assertThat(p.getProperty("authorizer.class.name")).isEqualTo("org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        assertThat(p.getProperty("super.users")).isEqualTo("User:broker;User:ops");
        assertThat(p.getProperty("sasl.mechanism.inter.broker.protocol")).isEqualTo("SCRAM-SHA-256");
        assertThat(p.getProperty("listener.name.client.scram-sha-256.sasl.jaas.config")).isEqualTo(
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"broker\" password=\"pa\\\"ss\";");
    }

    @Test
    void scramUsersAreValidatedAndKeepTheirPasswordsOutOfToString() {
        assertThat(BROKER.toString()).doesNotContain("pa");
        assertThatThrownBy(() -> new ScramUser("a,b", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScramUser("a", "")).isInstanceOf(IllegalArgumentException.class);
        assertThat(BROKER.clientProperties()).containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-256");
    }
}
