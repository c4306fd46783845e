package io.fuzzycal.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fuzzycal.devkafka.CommittedTopic;
import io.fuzzycal.devkafka.EmbeddedKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records the broker refuses are sent again; what stays refused fails the load with the count. The
 * broker refuses a record without a key on a compacted topic; the test turns compaction off between
 * attempts, the way a transient fault would clear. (A record over max.message.bytes would not do: the
 * 4.3.1 producer splits such a one-record batch again and again until its I/O thread overflows its
 * stack, and flush() then waits forever.)
 */
class AcknowledgedSenderIntegrationTest {
    @TempDir
    static Path dir;
    private static EmbeddedKafkaBroker broker;
    private static Map<String, Object> client;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafkaBroker.builder().dataDir(dir.resolve("kafka")).port(0).start();
        client = new HashMap<>(broker.clientProperties());
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void recordsRefusedOnceAreSentAgainAndEveryRecordArrives() throws Exception {
        createTopic("transient");
        List<String> messages = new CopyOnWriteArrayList<>();
        try (AcknowledgedSender<String, String> sender = new AcknowledgedSender<>(client, new StringSerializer(),
                new StringSerializer(), "texts", line -> {
                    messages.add(line);
                    stopCompacting("transient");
                })) {
            for (int i = 0; i < 20; i++) {
                sender.send(new ProducerRecord<>("transient", i % 5 == 0 ? null : "k" + i, "v" + i));
            }
            sender.flush();
        }
        // the keyless records, and those batched with them (the broker refuses a batch as a whole)
        assertThat(messages).singleElement().asString()
                .matches("bench: ([4-9]|1\\d|20) texts not acknowledged \\(.*Exception: .*\\); sending them again from a new producer");
        List<String> values = readValues("transient", 20);
        assertThat(values).hasSize(20);
        assertThat(values).containsAll(List.of("v0", "v5", "v10", "v15", "v19"));
    }

    @Test
    void recordsRefusedOnEveryAttemptFailTheLoadWithTheirCount() throws Exception {
        createTopic("refused");
        List<String> messages = new CopyOnWriteArrayList<>();
        try (AcknowledgedSender<String, String> sender = new AcknowledgedSender<>(client, new StringSerializer(),
                new StringSerializer(), "texts", messages::add)) {
            sender.send(new ProducerRecord<>("refused", null, "keyless"));
            assertThatThrownBy(sender::flush).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("1 texts not acknowledged after 3 attempts: ");
        }
        assertThat(messages).hasSize(2);
        assertThat(messages).allMatch(m -> m.startsWith("bench: 1 texts not acknowledged ("));
        assertThat(readValues("refused", 0)).isEmpty();
    }

    private static void createTopic(String topic) throws Exception {
        try (Admin admin = Admin.create(client)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)))).all().get();
        }
    }

    private static void stopCompacting(String topic) {
        try (Admin admin = Admin.create(client)) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic),
                    List.of(new AlterConfigOp(new ConfigEntry(TopicConfig.CLEANUP_POLICY_CONFIG,
                            TopicConfig.CLEANUP_POLICY_DELETE),
                            AlterConfigOp.OpType.SET)))).all().get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The values on {@code topic} once {@code expected} arrived (or 30 s passed), and any that follow within 2 s. */
    private static List<String> readValues(String topic, int expected) {
        return CommittedTopic.read(client, topic, expected, Duration.ofSeconds(30)).stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    }
}
