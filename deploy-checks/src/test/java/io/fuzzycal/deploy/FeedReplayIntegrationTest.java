package io.fuzzycal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.devkafka.CommittedTopic;
import io.fuzzycal.testkit.ExternalTool;
import io.fuzzycal.testkit.KafkaCluster;
import io.fuzzycal.testkit.TestClients;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-compose.yml's feed replayer (deploy/feed/replay.sh with real kcat) on a real broker: one
 * round puts every text of the tweets' validation split on news.text and every label on
 * sentiment.feedback, under fresh ids, each once.
 */
class FeedReplayIntegrationTest {
    @RegisterExtension
    static final KafkaCluster KAFKA = new KafkaCluster();

    @TempDir
    Path dir;

    @Test
    void oneRoundReplaysEveryTextAndEveryLabelOnce() throws Exception {
        ExternalTool.require("kcat", "apt-get install kcat", "-V");
        ExternalTool java = ExternalTool.require(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "a JDK", "-version");
        ExternalTool sh = ExternalTool.require("sh", "a POSIX shell", "-c", "true");
        Deploy.run(java, Deploy.ROOT, "deploy/feed/FeedFile.java", "data/tfns/valid.csv", dir.toString()).orThrow();
        TestClients.createTopic(KAFKA.clientProperties(), "news.text", 3);
        TestClients.createTopic(KAFKA.clientProperties(), "sentiment.feedback", 3);

        ExternalTool.Result r = Deploy.run(sh, Deploy.ROOT, "-c", "BOOTSTRAP_SERVERS=" + KAFKA.bootstrapServers()
                + " FEED_DIR=" + dir + " FEED_RATE=800 LABEL_LAG=500 FEED_ROUNDS=1 deploy/feed/replay.sh").orThrow();
        assertThat(r.stdout()).contains("feed: round 1, 2388 texts at 800/s", "feed: done");

        for (String topic : List.of("news.text", "sentiment.feedback")) {
            List<ConsumerRecord<byte[], byte[]>> records = CommittedTopic.read(KAFKA.clientProperties(), topic, 2388);
            Set<String> ids = new TreeSet<>();
            for (ConsumerRecord<byte[], byte[]> rec : records) {
                String id = new String(rec.key(), StandardCharsets.UTF_8);
                assertThat(new String(rec.value(), StandardCharsets.UTF_8)).as(topic).startsWith("{\"id\":\"" + id + "\"");
                ids.add(id);
            }
            assertThat(ids).as(topic).hasSize(2388).contains("r1-1", "r1-2388");
        }
    }
}
