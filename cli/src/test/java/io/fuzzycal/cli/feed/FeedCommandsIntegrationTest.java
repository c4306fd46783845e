package io.fuzzycal.cli.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fuzzycal.cli.FuzzycalCommand;
import io.fuzzycal.devkafka.CommittedTopic;
import io.fuzzycal.schemas.avro.Feedback;
import io.fuzzycal.schemas.avro.NewsText;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.schemas.serde.AvroDeserializer;
import io.fuzzycal.testkit.CliRunner;
import io.fuzzycal.testkit.KafkaCluster;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** replay, produce and feed end to end: the commands against the real broker and the HTTP development registry. */
class FeedCommandsIntegrationTest {
    @RegisterExtension
    static final KafkaCluster KAFKA = new KafkaCluster().withHttpRegistry();
    private static final CliRunner CLI = new CliRunner(FuzzycalCommand::commandLine);

    private static String[] args(String... command) {
        List<String> all = new java.util.ArrayList<>(List.of(command));
        all.add("--bootstrap-servers=" + KAFKA.bootstrapServers());
        all.add("--schema-registry=" + KAFKA.registryUrl());
        return all.toArray(String[]::new);
    }

    private static SchemaRegistry registry() {
        return SchemaRegistry.fromConfig(Map.of("schema.registry.url", KAFKA.registryUrl()));
    }

    private static List<NewsText> texts(String topic, int expected) {
        AvroDeserializer<NewsText> reader = new AvroDeserializer<>(NewsText.class, registry());
        return CommittedTopic.read(KAFKA.clientProperties(), topic, expected, Duration.ofSeconds(20)).stream()
                .map(r -> reader.deserialize(topic, r.value())).toList();
    }

    private static List<Feedback> labels(String topic, int expected) {
        AvroDeserializer<Feedback> reader = new AvroDeserializer<>(Feedback.class, registry());
        return CommittedTopic.read(KAFKA.clientProperties(), topic, expected, Duration.ofSeconds(20)).stream()
                .map(r -> reader.deserialize(topic, r.value())).toList();
    }

    @Test
    void replayPlaysTheTweetsThenTheirLabelsAfterTheDelay(@TempDir Path dir) throws Exception {
        // the header and the first 25 tweets of the validation split (single-line records)
        List<String> lines = Files.readAllLines(Path.of("..", "data", "tfns", "valid.csv"));
        Path csv = dir.resolve("tweets.csv");
        Files.write(csv, lines.subList(0, 26));
        CliRunner.Result r = CLI.run(args("replay", "--file", csv.toString(), "--rate", "50/s", "--label-delay", "1s",
                "--text-topic", "c1.text", "--feedback-topic", "c1.feedback", "--progress", "500ms"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("done: 25/25 texts, 25 labels sent, 0 pending");
        assertThat(r.err()).contains("25 texts (25 labelled)");

        Map<String, NewsText> texts = texts("c1.text", 25).stream()
                .collect(Collectors.toMap(NewsText::getId, Function.identity()));
        List<Feedback> labels = labels("c1.feedback", 25);
        assertThat(texts).hasSize(25).containsKeys("tweets-1", "tweets-25");
        assertThat(texts.get("tweets-1").getSource()).isEqualTo("replay:tweets");
        assertThat(labels).hasSize(25).allSatisfy(f -> assertThat(
                Duration.between(texts.get(f.getDocumentId()).getPublishedAt(), f.getLabelledAt()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1)));
    }

    @Test
    void produceReadsPlainAndJsonLinesFromStdinAndSkipsABadOne() throws Exception {
        String stdin = "Shares of the bank fell 5% after earnings\n"
                + "\n"
                + "{\"id\":\"j1\",\"text\":\"Upgrade to buy at a big broker\",\"label\":1,\"labelName\":\"Bullish\"}\n"
                + "{\"text\": broken json}\n"
                + "{\"text\":\"Guidance unchanged\",\"source\":\"my-script\"}\n";
        InputStream saved = System.in;
        CliRunner.Result r;
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            r = CLI.run(args("produce", "--text-topic", "c2.text", "--feedback-topic", "c2.feedback",
                    "--id-prefix", "run"));
        } finally {
            System.setIn(saved);
        }
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).contains("3 texts to c2.text, 1 labels to c2.feedback");
        assertThat(r.err()).contains("skipped stdin:4: not a JSON object")
                .contains("1 line(s) of stdin were malformed and skipped");
        Map<String, NewsText> texts = texts("c2.text", 3).stream()
                .collect(Collectors.toMap(NewsText::getId, Function.identity()));
        assertThat(texts).containsOnlyKeys("run-1", "j1", "run-5");
        assertThat(texts.get("run-1").getText()).isEqualTo("Shares of the bank fell 5% after earnings");
        assertThat(texts.get("run-1").getSource()).isEqualTo("stdin");
        assertThat(texts.get("run-5").getSource()).isEqualTo("my-script");
        List<Feedback> labels = labels("c2.feedback", 1);
        assertThat(labels).singleElement().satisfies(f -> {
            assertThat(f.getDocumentId()).isEqualTo("j1");
            assertThat(f.getLabel()).isEqualTo(1);
            assertThat(f.getLabelName()).isEqualTo("Bullish");
        });
    }

    @Test
    void feedPublishesEachItemOnceOverSeveralPollsAndReportsABrokenFeed() throws Exception {
        byte[] rss = Files.readAllBytes(Path.of("..", "feeds", "src", "test", "resources", "feeds",
                "yahoo-finance-rss2.xml"));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/rss", exchange -> {
            try (exchange; OutputStream out = exchange.getResponseBody()) {
                exchange.sendResponseHeaders(200, rss.length);
                out.write(rss);
            }
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            CliRunner.Result r = CLI.run(args("feed", "--rss", base + "/rss", base + "/gone", "--interval", "200ms",
                    "--polls", "3", "--text-topic", "c3.text", "--seen-topic", "c3.seen"));
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).contains("3 item(s) published, 3 failed poll(s)");
            assertThat(r.err()).contains("/gone: HTTP 404").contains("/rss: 3 item(s), 3 new")
                    .contains("/rss: 3 item(s), 0 new");
        } finally {
            server.stop(0);
        }
        List<NewsText> texts = texts("c3.text", 3);
        assertThat(texts).hasSize(3);
        assertThat(texts).extracting(NewsText::getSource).containsOnly("rss:127.0.0.1");
    }
}
