package io.fuzzycal.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.devkafka.CommittedTopic;
import io.fuzzycal.schemas.feedback.FeedbackLabel;
import io.fuzzycal.schemas.feedback.FeedbackReader;
import io.fuzzycal.testkit.ExternalTool;
import io.fuzzycal.testkit.Kcat;
import io.fuzzycal.testkit.KafkaCluster;
import io.fuzzycal.testkit.TestClients;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The kcat block of docs/feeds.md, run as printed with real kcat, the broker's address swapped in. */
class FeedsDocKcatIntegrationTest {
    @RegisterExtension
    static final KafkaCluster KAFKA = new KafkaCluster();

    static String kcatBlock() throws Exception {
        List<String> doc = Files.readAllLines(Path.of("..", "docs", "feeds.md"));
        int heading = doc.indexOf("## kcat");
        int start = doc.subList(heading, doc.size()).indexOf("```sh") + heading + 1;
        int end = doc.subList(start, doc.size()).indexOf("```") + start;
        return String.join("\n", doc.subList(start, end)) + "\n";
    }

    @Test
    void theDocumentedKcatLinesProduceTextsAndLabelsTheServicesRead(@TempDir Path dir) throws Exception {
        Kcat.require(KAFKA.bootstrapServers()); // kcat present, else the one rule for missing tools
        ExternalTool bash = ExternalTool.require("bash", "apt-get install bash", "-c", "true");
        TestClients.createTopic(KAFKA.clientProperties(), "news.text", 3);
        TestClients.createTopic(KAFKA.clientProperties(), "sentiment.feedback", 3);
        String script = kcatBlock();
        assertThat(script).contains("-l texts.tsv").contains("-t sentiment.feedback");
        bash.run(dir, "", 120, List.of("-euc", script.replace("127.0.0.1:9092", KAFKA.bootstrapServers()))).orThrow();

        Map<String, String> texts = CommittedTopic.read(KAFKA.clientProperties(), "news.text", 4, Duration.ofSeconds(20))
                .stream().collect(Collectors.toMap(r -> new String(r.key(), StandardCharsets.UTF_8),
                        r -> new String(r.value(), StandardCharsets.UTF_8)));
        assertThat(texts).containsOnlyKeys("doc-1", "doc-2", "doc-3", "doc-4");
        assertThat(texts.get("doc-1")).isEqualTo("Shares soar after record profit");
        assertThat(texts.get("doc-4")).isEqualTo("Oil slips on demand worries");

        FeedbackReader reader = new FeedbackReader(KafkaCluster.newRegistryScope().registry());
        List<ConsumerRecord<byte[], byte[]>> records = CommittedTopic.read(KAFKA.clientProperties(),
                "sentiment.feedback", 3, Duration.ofSeconds(20));
        Map<String, FeedbackLabel> labels = records.stream()
                .map(r -> reader.read("sentiment.feedback", r.key(), r.value()))
                .collect(Collectors.toMap(FeedbackLabel::documentId, l -> l));
        assertThat(labels).containsOnlyKeys("doc-1", "doc-2", "doc-3");
        assertThat(labels.get("doc-1").index()).isEqualTo(1);
        assertThat(labels.get("doc-2").name()).isEqualTo("Bearish");
    }
}
