package io.fuzzycal.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.testkit.KafkaCluster;
import io.fuzzycal.model.TestBundles;
import io.fuzzycal.devkafka.CommittedTopic;
import io.fuzzycal.testkit.Kcat;
import io.fuzzycal.model.EngineOptions;
import io.fuzzycal.model.InferenceEngine;
import io.fuzzycal.model.LabelledTexts;
import io.fuzzycal.model.ModelBundle;
import io.fuzzycal.inference.InferenceService;
import io.fuzzycal.inference.InferenceServiceConfig;
import io.fuzzycal.schemas.Topics;
import io.fuzzycal.schemas.avro.NewsText;
import io.fuzzycal.schemas.avro.Prediction;
import io.fuzzycal.schemas.registry.InMemorySchemaRegistry;
import io.fuzzycal.schemas.serde.AvroDeserializer;
import io.fuzzycal.schemas.serde.AvroSerializer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inference service against a real Kafka broker (the project's embedded KRaft broker): 500
 * tweets in every accepted form — JSON, NewsText Avro, and plain text sent by kcat, a client this
 * project did not write — and 20 malformed records.
 */
class InferenceServiceIntegrationTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final int TEXTS = 500;

    @TempDir
    static Path dir;
    @RegisterExtension
    static final KafkaCluster KAFKA = new KafkaCluster();
    private static ModelBundle bundle;

    @BeforeAll
    static void start() throws Exception {
        bundle = TestBundles.defaultBundle();
    }


    @Test
    void everyTextGetsOnePredictionPerVariantAndEveryBadRecordADeadLetter() throws Exception {
        String scope = "it-" + UUID.randomUUID();
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(scope);
        List<String> tweets = singleLineTweets(TEXTS);
        Kcat kcat = Kcat.require(KAFKA.bootstrapServers());
        int viaKcat = 50;
        Map<String, Object> client = new HashMap<>(KAFKA.broker().clientProperties());
        InferenceServiceConfig config = InferenceServiceConfig.of(KAFKA.bootstrapServers()).withGroupId("it-inference")
                .withMaxTextBytes(1_000);

        try (InferenceEngine engine = InferenceEngine.open(bundle, EngineOptions.defaults().withIntraOpThreads(2));
             InferenceService service = new InferenceService(config, engine, registry, new SimpleMeterRegistry(), "0")) {
            Thread loop = new Thread(service::run, "inference-under-test");
            loop.start();

            Map<String, Object> producerConfig = new HashMap<>(client);
            producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
            AvroSerializer<NewsText> avro = new AvroSerializer<>(registry);
            List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> sent = new ArrayList<>();
            try (KafkaProducer<byte[], byte[]> producer =
                         new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer())) {
                for (int i = viaKcat; i < TEXTS; i++) {
                    String id = "t" + i;
                    byte[] value = i % 5 == 0
                            ? avro.serialize(Topics.NEWS_TEXT, NewsText.newBuilder().setId(id).setText(tweets.get(i)).setSource("it").build())
                            : json(id, tweets.get(i));
                    sent.add(producer.send(new ProducerRecord<>(Topics.NEWS_TEXT, null, bytes(id), value)));
                }
                for (byte[] bad : malformed()) {
                    sent.add(producer.send(new ProducerRecord<>(Topics.NEWS_TEXT, null, bytes("bad-" + UUID.randomUUID()), bad)));
                }
                for (var f : sent) {
                    f.get(30, TimeUnit.SECONDS); // every input is on the broker, or the test says why not
                }
            }
            {
                List<String> lines = new ArrayList<>();
                for (int i = 0; i < viaKcat; i++) {
                    lines.add("t" + i + "\t" + tweets.get(i));
                }
                kcat.produce(Topics.NEWS_TEXT, lines);
            }

            List<ConsumerRecord<byte[], byte[]>> predictions = CommittedTopic.read(client, Topics.PREDICTIONS, 2 * TEXTS);
            List<ConsumerRecord<byte[], byte[]>> deadLetters = CommittedTopic.read(client, Topics.deadLetter(Topics.NEWS_TEXT), 20);
            service.stop();
            loop.join(30_000);
            assertThat(loop.isAlive()).as("the loop stops when asked").isFalse();

            assertThat(predictions).hasSize(2 * TEXTS);
            AvroDeserializer<Prediction> reader = new AvroDeserializer<>(Prediction.class, registry);
            Map<String, Set<String>> variantsById = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> r : predictions) {
                Prediction p = reader.deserialize(r.topic(), r.value());
                assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(p.getDocumentId());
                assertThat(variantsById.computeIfAbsent(p.getDocumentId(), k -> new java.util.HashSet<>())
                        .add(p.getVariant().name())).as("duplicate %s %s", p.getDocumentId(), p.getVariant()).isTrue();
                assertThat(p.getProbabilities().stream().mapToDouble(Double::doubleValue).sum())
                        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
                assertThat(p.getLabels()).containsExactly("Bearish", "Bullish", "Neutral");
            }
            assertThat(variantsById).hasSize(TEXTS);
            assertThat(variantsById.values()).allMatch(v -> v.equals(Set.of("FP32", "INT4")));

            assertThat(deadLetters).hasSize(20);
            Map<String, Integer> reasons = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> r : deadLetters) {
                Header reason = r.headers().lastHeader("fuzzycal.error.reason");
                assertThat(reason).isNotNull();
                assertThat(r.headers().lastHeader("fuzzycal.error.message")).isNotNull();
                reasons.merge(new String(reason.value(), StandardCharsets.UTF_8), 1, Integer::sum);
            }
            assertThat(reasons).containsEntry("EMPTY_VALUE", 4).containsEntry("EMPTY_TEXT", 4)
                    .containsEntry("UNDECODABLE_BYTES", 4).containsEntry("INVALID_JSON", 4)
                    .containsEntry("OVERSIZED_TEXT", 4);
        }
    }

    /**
     * A record just under the broker's 1 MiB limit: its dead-letter copy with headers would exceed the
     * producer's limit, so the transaction holding it used to abort for ever and no text behind it was scored.
     */
    @Test
    void aOneMebibyteTextIsDeadLetteredWhileGoodTextsFlow() throws Exception {
        String scope = "it-" + UUID.randomUUID();
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(scope);
        Map<String, Object> client = new HashMap<>(KAFKA.broker().clientProperties());
        InferenceServiceConfig config = InferenceServiceConfig.of(KAFKA.bootstrapServers())
                .withTopics("big.text", "big.predictions").withGroupId("it-big").withBatches(32, Duration.ofMillis(50))
                .withMaxTextBytes(1_000).withTopicLayout(1, (short) 1);
        int good = 60;
        try (InferenceEngine engine = InferenceEngine.open(bundle, EngineOptions.defaults().withIntraOpThreads(2));
             InferenceService service = new InferenceService(config, engine, registry, new SimpleMeterRegistry(), "0")) {
            Thread loop = new Thread(service::run, "inference-big-record");
            loop.start();
            Map<String, Object> producerConfig = new HashMap<>(client);
            producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
            try (KafkaProducer<byte[], byte[]> producer =
                         new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < good; i++) {
                    if (i == good / 2) {
                        producer.send(new ProducerRecord<>("big.text", null, bytes("huge"), bytes("y".repeat(1_048_400))))
                                .get(30, TimeUnit.SECONDS);
                    }
                    producer.send(new ProducerRecord<>("big.text", null, bytes("g" + i), json("g" + i, "Stocks rally " + i)))
                            .get(30, TimeUnit.SECONDS);
                }
            }
            long start = System.nanoTime();
            List<ConsumerRecord<byte[], byte[]>> deadLetters =
                    CommittedTopic.read(client, Topics.deadLetter("big.text"), 1, Duration.ofSeconds(30));
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            List<ConsumerRecord<byte[], byte[]>> predictions =
                    CommittedTopic.read(client, "big.predictions", 2 * good, Duration.ofSeconds(60));
            assertThat(loop.isAlive()).as("the service is still running").isTrue();
            service.stop();
            loop.join(30_000);

            assertThat(deadLetters).hasSize(1);
            assertThat(seconds).as("dead-lettered within seconds").isLessThan(20);
            ConsumerRecord<byte[], byte[]> dead = deadLetters.get(0);
            assertThat(header(dead, "fuzzycal.error.reason")).isEqualTo("TOO_LARGE");
            assertThat(header(dead, "fuzzycal.error.original.reason")).isEqualTo("OVERSIZED_TEXT");
            assertThat(header(dead, "fuzzycal.source.topic")).isEqualTo("big.text");
            assertThat(dead.key()).isEqualTo(bytes("huge"));
            assertThat(predictions).as("every good text scored in both precisions").hasSize(2 * good);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String key) {
        Header h = r.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Five kinds of malformed record, four of each. */
    private static List<byte[]> malformed() {
        List<byte[]> bad = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            bad.add(new byte[0]);
            bad.add(bytes("   \n "));
            bad.add(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) i});
            bad.add(bytes("{\"id\": \"x" + i + "\", \"txt\": 1}"));
            bad.add(bytes("y".repeat(1_001 + i)));
        }
        return bad;
    }

    private static byte[] json(String id, String text) {
        return bytes("{\"id\":\"" + id + "\",\"text\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(text) + "}");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Tweets without tabs or line breaks, so that kcat's line-per-record input carries them whole. */
    private static List<String> singleLineTweets(int n) throws Exception {
        List<String> out = new ArrayList<>();
        for (String t : LabelledTexts.readCsv(ROOT.resolve("data/tfns/valid.csv"), 3).texts()) {
            if (!t.contains("\n") && !t.contains("\r") && !t.contains("\t") && !t.isBlank()) {
                out.add(t);
            }
            if (out.size() == n) {
                return out;
            }
        }
        throw new IllegalStateException("not enough single-line tweets");
    }
}
