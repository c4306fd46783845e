package io.fuzzycal.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.devkafka.CommittedTopic;
import io.fuzzycal.schemas.avro.NewsText;
import io.fuzzycal.schemas.serde.AvroDeserializer;
import io.fuzzycal.testkit.KafkaCluster;
import io.fuzzycal.testkit.TestClients;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FeedPollerIntegrationTest {
    @RegisterExtension
    static final KafkaCluster KAFKA = new KafkaCluster();
    private static final KafkaCluster.Scope SCOPE = KafkaCluster.newRegistryScope();
    private static FeedServer server;

    @BeforeAll
    static void serveFixtures() throws Exception {
        server = new FeedServer();
        server.serve("/yahoo", FeedDocumentTest.fixture("yahoo-finance-rss2.xml"));
        server.serve("/atom", FeedDocumentTest.fixture("markets-atom.xml"));
        server.serve("/malformed", FeedDocumentTest.fixture("malformed.xml"));
        server.serve("/slow", FeedDocumentTest.fixture("markets-atom.xml"));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static PollSettings settings(String textTopic, String seenTopic) throws Exception {
        TestClients.createTopic(KAFKA.clientProperties(), textTopic, 3);
        return new PollSettings(KAFKA.clientProperties(), SCOPE.registry(), textTopic, seenTopic,
                Duration.ofSeconds(1), Duration.ofSeconds(1), false);
    }

    private static Map<String, NewsText> committed(String topic, int expected) {
        AvroDeserializer<NewsText> reader = new AvroDeserializer<>(NewsText.class, SCOPE.registry());
        List<NewsText> texts = CommittedTopic.read(KAFKA.clientProperties(), topic, expected, Duration.ofSeconds(20))
                .stream().map(r -> reader.deserialize(topic, r.value())).toList();
        Map<String, NewsText> byId = texts.stream().collect(Collectors.toMap(NewsText::getId, Function.identity(),
                (a, b) -> {
                    throw new AssertionError("published twice: " + a.getId());
                }));
        assertThat(byId).hasSize(texts.size());
        return byId;
    }

    @Test
    void publishesGoodFeedsAndReportsBrokenSlowAndMissingOnesWithoutStopping() throws Exception {
        PollSettings settings = settings("t1.text", "t1.seen");
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        List<URI> feeds = List.of(server.uri("/yahoo"), server.uri("/slow"), server.uri("/malformed"),
                server.uri("/missing"), server.uri("/atom"));
        List<FeedPoller.PollOutcome> outcomes;
        try (FeedPoller poller = FeedPoller.open(settings, log::add)) {
            long started = System.nanoTime();
            outcomes = poller.pollAll(feeds);
            // the slow feed costs its timeout (2 s at most), not the server's 5 s
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(poller.published()).isEqualTo(5);
            assertThat(poller.errors()).isEqualTo(3);
        }
        assertThat(outcomes).extracting(FeedPoller.PollOutcome::published).containsExactly(3, 0, 0, 0, 2);
        assertThat(outcomes.get(1).error()).contains("timed out");
        assertThat(outcomes.get(2).error()).startsWith("not a valid RSS or Atom feed");
        assertThat(outcomes.get(3).error()).isEqualTo("HTTP 404");
        assertThat(log).hasSize(3).allMatch(line -> line.startsWith("feed http://127.0.0.1:"));

        Map<String, NewsText> texts = committed("t1.text", 5);
        assertThat(texts).hasSize(5);
        assertThat(texts.values()).extracting(NewsText::getSource).containsOnly("rss:127.0.0.1");
        assertThat(texts.values()).extracting(NewsText::getText)
                .contains("Chipmaker shares jump after record quarterly revenue beats estimates",
                        "Bank posts surprise loss on trading writedowns");
        assertThat(texts.values()).extracting(NewsText::getPublishedAt)
                .contains(Instant.parse("2026-12-04T21:05:12Z"), Instant.parse("2026-12-04T21:30:00Z"));
    }

    @Test
    void repeatedItemsArePublishedOnceAcrossPollsAndRestarts() throws Exception {
        PollSettings settings = settings("t2.text", "t2.seen");
        AtomicInteger last = new AtomicInteger(3);
        server.serve("/wire", () -> FeedServer.rss(1, last.get()));
        URI wire = server.uri("/wire");
        try (FeedPoller poller = FeedPoller.open(settings, line -> { })) {
            assertThat(poller.poll(wire).published()).isEqualTo(3);
            assertThat(poller.poll(wire).published()).isZero();
            last.set(5); // two new items above three old ones
            FeedPoller.PollOutcome again = poller.poll(wire);
            assertThat(again.items()).isEqualTo(5);
            assertThat(again.published()).isEqualTo(2);
        }
        last.set(6);
        // a new poller (a restart) learns what was published from the seen topic
        try (FeedPoller restarted = FeedPoller.open(settings, line -> { })) {
            assertThat(restarted.poll(wire).published()).isEqualTo(1);
            assertThat(restarted.poll(wire).published()).isZero();
        }
        Map<String, NewsText> texts = committed("t2.text", 6);
        assertThat(texts.values()).extracting(NewsText::getText)
                .containsExactlyInAnyOrder("Headline number 1", "Headline number 2", "Headline number 3",
                        "Headline number 4", "Headline number 5", "Headline number 6");
    }

    @Test
    void twoPollersOnTheSameFeedPublishEveryItemExactlyOnce() throws Exception {
        PollSettings settings = settings("t3.text", "t3.seen");
        int total = 40;
        AtomicInteger requests = new AtomicInteger();
        // every request sees two more items, so the pollers keep racing over new ones
        server.serve("/growing", () -> FeedServer.rss(1, Math.min(total, 2 * requests.incrementAndGet())));
        URI growing = server.uri("/growing");
        ExecutorService threads = Executors.newFixedThreadPool(2);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        try (FeedPoller a = FeedPoller.open(settings, log::add); FeedPoller b = FeedPoller.open(settings, log::add)) {
            List<Future<Integer>> runs = new ArrayList<>();
            CyclicBarrier start = new CyclicBarrier(2);
            for (FeedPoller poller : List.of(a, b)) {
                runs.add(threads.submit(() -> {
                    start.await();
                    int published = 0;
                    while (requests.get() < total / 2 + 4) {
                        published += poller.poll(growing).published();
                    }
                    return published;
                }));
            }
            int published = runs.get(0).get() + runs.get(1).get();
            // a last quiet poll from each picks up whatever a fenced poll left behind
            published += a.poll(growing).published() + b.poll(growing).published();
            assertThat(published).isEqualTo(total);
            // a poll may fail to commit under the race (the broker once answered EndTxn with an unknown
            // server error); it publishes nothing then, and a later poll does. Fetching never fails here.
            assertThat(log).allMatch(l -> l.contains("another poller took over") || l.contains("publishing failed"));
            // they did race: each published some items, or one fenced the other mid-poll
            assertThat(a.published() > 0 && b.published() > 0 || log.stream().anyMatch(l -> l.contains("took over")))
                    .as("a published %d, b %d; log %s", a.published(), b.published(), log).isTrue();
            System.out.printf("two pollers: a published %d, b %d; %d fenced polls%n", a.published(), b.published(),
                    log.stream().filter(l -> l.contains("took over")).count());
        } finally {
            threads.shutdownNow();
        }
        Map<String, NewsText> texts = committed("t3.text", total);
        assertThat(texts).hasSize(total);
    }
}
