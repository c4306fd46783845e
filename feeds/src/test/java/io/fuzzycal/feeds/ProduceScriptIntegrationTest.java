package io.fuzzycal.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fuzzycal.devkafka.CommittedTopic;
import io.fuzzycal.schemas.feedback.FeedbackLabel;
import io.fuzzycal.schemas.feedback.FeedbackReader;
import io.fuzzycal.testkit.ExternalTool;
import io.fuzzycal.testkit.KafkaCluster;
import io.fuzzycal.testkit.TestClients;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** examples/produce.py, as docs/feeds.md runs it, with the real confluent_kafka against the real broker. */
class ProduceScriptIntegrationTest {
    @RegisterExtension
    static final KafkaCluster KAFKA = new KafkaCluster();
    private static final Path SCRIPT = Path.of("..", "examples", "produce.py").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ExternalTool python() {
        return ExternalTool.require("/usr/bin/python3", "apt-get install python3-confluent-kafka", "-c",
                "import confluent_kafka");
    }

    private static Map<String, String> values(String topic, int expected) {
        Map<String, String> byKey = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : CommittedTopic.read(KAFKA.clientProperties(), topic, expected,
                Duration.ofSeconds(20))) {
            byKey.put(new String(r.key(), StandardCharsets.UTF_8), new String(r.value(), StandardCharsets.UTF_8));
        }
        return byKey;
    }

    @Test
    void plainLinesArriveAsTextKeyedByGeneratedIds() throws Exception {
        ExternalTool python = python();
        TestClients.createTopic(KAFKA.clientProperties(), "py1.text", 3);
        ExternalTool.Result r = python.run(null, "Shares soar after record profit\n\nBank cuts outlook\n", 60,
                List.of(SCRIPT.toString(), "--bootstrap-servers", KAFKA.bootstrapServers(), "--topic", "py1.text",
                        "--id-prefix", "doc")).orThrow();
        assertThat(r.stdout()).contains("2 texts to py1.text, 0 labels");
        assertThat(values("py1.text", 2)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "doc-1", "Shares soar after record profit", "doc-3", "Bank cuts outlook"));
    }

    @Test
    void jsonLinesCarryIdsAndLabelsTheFeedbackReaderUnderstands() throws Exception {
        ExternalTool python = python();
        TestClients.createTopic(KAFKA.clientProperties(), "py2.text", 3);
        TestClients.createTopic(KAFKA.clientProperties(), "py2.feedback", 3);
        String stdin = "{\"id\": \"t-7\", \"text\": \"Upgrade to buy\", \"label\": 1}\nGuidance unchanged\n";
        python.run(null, stdin, 60, List.of(SCRIPT.toString(), "--bootstrap-servers", KAFKA.bootstrapServers(),
                "--topic", "py2.text", "--feedback-topic", "py2.feedback", "--json", "--id-prefix", "p")).orThrow();
        Map<String, String> texts = values("py2.text", 2);
        assertThat(texts).containsOnlyKeys("t-7", "p-2");
        JsonNode value = JSON.readTree(texts.get("t-7"));
        assertThat(value.get("id").asText()).isEqualTo("t-7");
        assertThat(value.get("text").asText()).isEqualTo("Upgrade to buy");
        assertThat(value.get("source").asText()).isEqualTo("python");

        List<ConsumerRecord<byte[], byte[]>> labels = CommittedTopic.read(KAFKA.clientProperties(), "py2.feedback", 1,
                Duration.ofSeconds(20));
        assertThat(labels).hasSize(1);
        // read as the calibration stream reads labels
        FeedbackLabel label = new FeedbackReader(KafkaCluster.newRegistryScope().registry())
                .read("py2.feedback", labels.get(0).key(), labels.get(0).value());
        assertThat(label.documentId()).isEqualTo("t-7");
        assertThat(label.index()).isEqualTo(1);
    }
}
