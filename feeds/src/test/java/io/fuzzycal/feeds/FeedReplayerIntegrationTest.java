package io.fuzzycal.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fuzzycal.devkafka.CommittedTopic;
import io.fuzzycal.schemas.avro.Feedback;
import io.fuzzycal.schemas.avro.NewsText;
import io.fuzzycal.schemas.serde.AvroDeserializer;
import io.fuzzycal.testkit.KafkaCluster;
import io.fuzzycal.testkit.TestClients;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FeedReplayerIntegrationTest {
    @RegisterExtension
    static final KafkaCluster KAFKA = new KafkaCluster();

    @Test
    void replaysTextsAtTheRateAndLabelsAfterTheDelay() throws Exception {
        KafkaCluster.Scope scope = KafkaCluster.newRegistryScope();
        TestClients.createTopic(KAFKA.clientProperties(), "r.text", 3);
        TestClients.createTopic(KAFKA.clientProperties(), "r.feedback", 3);
        List<LabelledText> all = TextCsv.read(Path.of("..", "data", "tfns", "valid.csv"));
        List<LabelledText> texts = all.subList(0, 60);
        double rate = 40;
        Duration delay = Duration.ofMillis(1500);
        ReplaySettings settings = new ReplaySettings(KAFKA.clientProperties(), scope.registry(), "r.text", "r.feedback",
                rate, delay, "replay:valid");

        long started = System.nanoTime();
        try (FeedReplayer replayer = FeedReplayer.start(settings, texts.iterator())) {
            assertThat(replayer.awaitDone(Duration.ofSeconds(30))).isTrue();
            assertThat(replayer.textsSent()).isEqualTo(60);
            assertThat(replayer.labelsSent()).isEqualTo(60);
            assertThat(replayer.labelsPending()).isZero();
            assertThat(replayer.failure()).isEmpty();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        // 60 texts at 40/s take at least 59/40 s, and the last label comes 1.5 s after the last text
        assertThat(seconds).isGreaterThanOrEqualTo(59 / rate + 1.5);

        AvroDeserializer<NewsText> newsReader = new AvroDeserializer<>(NewsText.class, scope.registry());
        AvroDeserializer<Feedback> feedbackReader = new AvroDeserializer<>(Feedback.class, scope.registry());
        Map<String, NewsText> news = CommittedTopic.read(KAFKA.clientProperties(), "r.text", 60, Duration.ofSeconds(20))
                .stream().map(r -> newsReader.deserialize("r.text", r.value()))
                .collect(Collectors.toMap(NewsText::getId, Function.identity()));
        List<ConsumerRecord<byte[], byte[]>> labelRecords =
                CommittedTopic.read(KAFKA.clientProperties(), "r.feedback", 60, Duration.ofSeconds(20));
        assertThat(news).hasSize(60);
        assertThat(labelRecords).hasSize(60);
        for (LabelledText t : texts) {
            NewsText n = news.get(t.id());
            assertThat(n.getText()).isEqualTo(t.text());
            assertThat(n.getSource()).isEqualTo("replay:valid");
        }
        Map<String, LabelledText> byId = texts.stream().collect(Collectors.toMap(LabelledText::id, Function.identity()));
        for (ConsumerRecord<byte[], byte[]> r : labelRecords) {
            Feedback f = feedbackReader.deserialize("r.feedback", r.value());
            assertThat(new String(r.key())).isEqualTo(f.getDocumentId());
            assertThat(f.getLabel()).isEqualTo(byId.get(f.getDocumentId()).label());
            Instant textAt = news.get(f.getDocumentId()).getPublishedAt();
            assertThat(Duration.between(textAt, f.getLabelledAt())).isGreaterThanOrEqualTo(delay);
            assertThat(r.timestamp()).isEqualTo(f.getLabelledAt().toEpochMilli());
        }
        // evenly paced: no second holds much more than the rate
        List<Instant> times = news.values().stream().map(NewsText::getPublishedAt).sorted().toList();
        for (int i = 0; i + 45 < times.size(); i++) {
            assertThat(Duration.between(times.get(i), times.get(i + 45))).isGreaterThan(Duration.ofMillis(1000));
        }
    }

    @Test
    void aRecordTheBrokerRefusesStopsTheReplayWithItsReason() throws Exception {
        KafkaCluster.Scope scope = KafkaCluster.newRegistryScope();
        try (Admin admin = Admin.create(KAFKA.clientProperties())) {
            admin.createTopics(List.of(new NewTopic("small.text", 1, (short) 1)
                    .configs(Map.of("max.message.bytes", "2000")))).all().get();
        }
        TestClients.createTopic(KAFKA.clientProperties(), "small.feedback", 1);
        ReplaySettings settings = new ReplaySettings(KAFKA.clientProperties(), scope.registry(), "small.text",
                "small.feedback", 0, Duration.ZERO, "replay:test");
        List<LabelledText> texts = List.of(new LabelledText("ok", "short", 1),
                new LabelledText("big", "x".repeat(10_000), 0));
        try (FeedReplayer replayer = FeedReplayer.start(settings, texts.iterator())) {
            assertThatThrownBy(() -> replayer.awaitDone(Duration.ofSeconds(30)))
                    .isInstanceOf(FeedFailedException.class)
                    .hasRootCauseInstanceOf(RecordTooLargeException.class);
            assertThat(replayer.failure()).containsInstanceOf(RecordTooLargeException.class);
        }
    }
}
