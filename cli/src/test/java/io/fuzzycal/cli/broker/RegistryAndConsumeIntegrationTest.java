package io.fuzzycal.cli.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fuzzycal.devkafka.DevSchemaRegistryServer;
import io.fuzzycal.devkafka.EmbeddedKafkaBroker;
import io.fuzzycal.cli.FuzzycalCommand;
import io.fuzzycal.testkit.CliRunner;
import io.fuzzycal.devkafka.CommittedTopic;
import io.fuzzycal.testkit.Kcat;
import io.fuzzycal.testkit.TestClients;
import com.fasterxml.jackson.databind.JsonNode;
import io.fuzzycal.schemas.avro.NewsText;
import io.fuzzycal.schemas.avro.Prediction;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.schemas.serde.AvroSerde;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One embedded broker with the development registry: the serde through it, and `fuzzycal consume`. */
class RegistryAndConsumeIntegrationTest {
    private static final CliRunner CLI = new CliRunner(FuzzycalCommand::commandLine);

    @TempDir
    static Path dataDir;
    static EmbeddedKafkaBroker broker;
    static DevSchemaRegistryServer registry;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafkaBroker.builder().dataDir(dataDir).port(0).start();
        registry = DevSchemaRegistryServer.start(broker.clientProperties(), "127.0.0.1", 0);
    }

    @AfterAll
    static void stop() throws Exception {
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void anAvroRecordProducedThroughTheRegistryIsPrintedAsJson() throws Exception {
        TestClients.createTopic(broker.clientProperties(), "news.avro", 1);
        NewsText text = NewsText.newBuilder().setId("doc-7").setText("ACME beats estimates — «très bien»")
                .setSource("test").setPublishedAt(Instant.ofEpochMilli(1_700_000_000_000L)).build();
        Map<String, Object> config = new HashMap<>(broker.clientProperties());
        config.put("schema.registry.url", registry.url());
        try (AvroSerde<NewsText> serde = new AvroSerde<>(NewsText.class)) {
            serde.configure(config, false);
            try (KafkaProducer<String, NewsText> producer =
                         new KafkaProducer<>(config, new StringSerializer(), serde.serializer())) {
                producer.send(new ProducerRecord<>("news.avro", "doc-7", text)).get();
            }
        }

        CliRunner.Result run = consume("--topic", "news.avro", "--from-beginning", "--max", "1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode line = run.jsonLines().get(0);
        assertThat(line.path("topic").asText()).isEqualTo("news.avro");
        assertThat(line.path("partition").asInt()).isZero();
        assertThat(line.path("offset").asLong()).isZero();
        assertThat(line.path("key").asText()).isEqualTo("doc-7");
        assertThat(line.path("keyFormat").asText()).isEqualTo("text");
        assertThat(line.path("valueFormat").asText()).isEqualTo("avro");
        JsonNode value = line.path("value");
        assertThat(value.path("id").asText()).isEqualTo("doc-7");
        assertThat(value.path("text").asText()).isEqualTo("ACME beats estimates — «très bien»");
        // Avro's JSON encoding, as kafka-avro-console-consumer prints it: unions name their branch.
        assertThat(value.path("publishedAt").path("long").asLong()).isEqualTo(1_700_000_000_000L);
        assertThat(value.path("language").isNull()).isTrue();
        assertThat(line.path("headers").isArray()).isTrue();
    }

    @Test
    void theRegistryKeepsIdsAcrossARestart() throws Exception {
        SchemaRegistry client = SchemaRegistry.fromConfig(Map.of("schema.registry.url", registry.url()));
        int newsId = client.register("restart.news-value", NewsText.getClassSchema());
        int predictionId = client.register("restart.predictions-value", Prediction.getClassSchema());
        registry.close();
        registry = DevSchemaRegistryServer.start(broker.clientProperties(), "127.0.0.1", 0);

        SchemaRegistry fresh = SchemaRegistry.fromConfig(Map.of("schema.registry.url", registry.url()));
        assertThat(fresh.schemaById(predictionId)).isEqualTo(Prediction.getClassSchema());
        assertThat(fresh.latest("restart.news-value").id()).isEqualTo(newsId);
        assertThat(fresh.register("restart.predictions-value", Prediction.getClassSchema())).isEqualTo(predictionId);
        assertThat(CommittedTopic.read(broker.clientProperties(), "_schemas", 2, java.time.Duration.ofSeconds(10)))
                .extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .anySatisfy(key -> assertThat(key).contains("\"keytype\":\"SCHEMA\""));
    }

    @Test
    void textBinaryAndHeadersPrintAsTextOrBase64() throws Exception {
        TestClients.createTopic(broker.clientProperties(), "mixed", 2);
        byte[] binary = {(byte) 0xff, (byte) 0xfe, 0x00, 0x01};
        byte[] fakeAvro = {0x00, 0x00, 0x00, 0x03, (byte) 0xe7, 0x02};
        Map<String, Object> config = new HashMap<>(broker.clientProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            ProducerRecord<byte[], byte[]> text = new ProducerRecord<>("mixed", 0, bytes("k1"), bytes("plain text ü"));
            text.headers().add("source", bytes("kcat")).add("blob", binary);
            producer.send(text).get();
            producer.send(new ProducerRecord<>("mixed", 1, null, binary)).get();
            producer.send(new ProducerRecord<>("mixed", 1, bytes("tombstone"), null)).get();
            producer.send(new ProducerRecord<>("mixed", 1, bytes("unknown-id"), fakeAvro)).get();
        }

        CliRunner.Result run = consume("--topic", "mixed", "--from-beginning", "--timeout", "2s");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<JsonNode> lines = run.jsonLines();
        assertThat(lines).hasSize(4);
        JsonNode text = lines.stream().filter(l -> l.path("partition").asInt() == 0).findFirst().orElseThrow();
        assertThat(text.path("value").asText()).isEqualTo("plain text ü");
        assertThat(text.path("valueFormat").asText()).isEqualTo("text");
        assertThat(text.path("headers").toString()).isEqualTo("[{\"key\":\"source\",\"value\":\"kcat\",\"valueFormat\":\"text\"},"
                + "{\"key\":\"blob\",\"value\":\"" + Base64.getEncoder().encodeToString(binary) + "\",\"valueFormat\":\"base64\"}]");
        List<JsonNode> second = lines.stream().filter(l -> l.path("partition").asInt() == 1).toList();
        assertThat(second.get(0).path("key").isNull()).isTrue();
        assertThat(second.get(0).path("valueFormat").asText()).isEqualTo("base64");
        assertThat(second.get(0).path("value").asText()).isEqualTo(Base64.getEncoder().encodeToString(binary));
        assertThat(second.get(1).path("value").isNull()).isTrue();
        assertThat(second.get(2).path("valueFormat").asText()).isEqualTo("base64");
        assertThat(run.err()).contains("schema id 999").contains("4 record(s) from mixed");
    }

    @Test
    void stopsAfterMaxRecordsAndWhenIdle() throws Exception {
        TestClients.createTopic(broker.clientProperties(), "counted", 1);
        Map<String, String> records = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            records.put("k" + i, "v" + i);
        }
        TestClients.produce(broker.clientProperties(), "counted", records);

        CliRunner.Result three = consume("--topic", "counted", "--from-beginning", "--max", "3");
        assertThat(three.jsonLines()).extracting(l -> l.path("value").asText()).containsExactly("v0", "v1", "v2");
        // Without --from-beginning only new records count: none come, so it stops after the idle timeout.
        long started = System.nanoTime();
        CliRunner.Result none = consume("--topic", "counted", "--timeout", "1s");
        assertThat(none.exitCode()).isZero();
        assertThat(none.out()).isEmpty();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isBetween(900L, 8_000L);
    }

    @Test
    void aMissingTopicIsAUsageError() {
        CliRunner.Result run = consume("--topic", "no.such.topic", "--timeout", "3s");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("topic 'no.such.topic' does not exist");
    }

    @Test
    void kcatProducesAndFuzzycalConsumes() throws Exception {
        Kcat kcat = Kcat.require(broker.bootstrapServers());
        TestClients.createTopic(broker.clientProperties(), "from.kcat", 1);
        kcat.produce("from.kcat", List.of("doc-1\tShares of ACME jump 12%", "doc-2\tProfit warning at Initech"));

        CliRunner.Result run = consume("--topic", "from.kcat", "--from-beginning", "--max", "2");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.jsonLines()).extracting(l -> l.path("key").asText() + "=" + l.path("value").asText())
                .containsExactly("doc-1=Shares of ACME jump 12%", "doc-2=Profit warning at Initech");
    }

    private static CliRunner.Result consume(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "consume";
        all[1] = "--bootstrap-servers=" + broker.bootstrapServers();
        all[2] = "--schema-registry=" + registry.url();
        all[3] = "--consumer-property=client.id=consume-test";
        System.arraycopy(args, 0, all, 4, args.length);
        return CLI.run(all);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
