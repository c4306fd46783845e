package io.fuzzycal.cli.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fuzzycal.testkit.TestClients;
import io.fuzzycal.devkafka.DevSchemaRegistryServer;
import io.fuzzycal.devkafka.EmbeddedKafkaBroker;
import io.fuzzycal.devkafka.ScramUser;
import io.fuzzycal.testkit.CliRunner;
import com.fasterxml.jackson.databind.JsonNode;
import io.fuzzycal.cli.FuzzycalCommand;
import io.fuzzycal.schemas.avro.NewsText;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.schemas.serde.AvroSerde;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fuzzycal broker} as its own process on a small heap: ready, serving Kafka and the registry;
 * SIGTERM stops it cleanly with exit 0; the broker reopened on its data keeps records and schema ids.
 */
class BrokerCommandIntegrationTest {
    private static final CliRunner CLI = new CliRunner(FuzzycalCommand::commandLine);

    @TempDir
    Path dir;

    @Test
    void servesUntilSigtermAndItsDataSurvivesARestart() throws Exception {
        Path dataDir = dir.resolve("broker");
        Path log = dir.resolve("broker.log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), FuzzycalCommand.class.getName(),
                "broker", "--data-dir", dataDir.toString(), "--port", "0", "--registry-port", "0")
                .redirectError(log.toFile()).start();
        Map<String, String> printed;
        int schemaId;
        try {
            printed = CompletableFuture.supplyAsync(() -> readSettings(process)).get(90, TimeUnit.SECONDS);
            assertThat(printed.get("bootstrap.servers")).startsWith("127.0.0.1:");
            assertThat(printed.get("schema.registry.url")).startsWith("http://127.0.0.1:");

            Map<String, Object> config = new HashMap<>();
            config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, printed.get("bootstrap.servers"));
            config.put("schema.registry.url", printed.get("schema.registry.url"));
            TestClients.createTopic(config, "news.text", 1);
            try (AvroSerde<NewsText> serde = new AvroSerde<>(NewsText.class)) {
                serde.configure(config, false);
                try (KafkaProducer<String, NewsText> producer =
                             new KafkaProducer<>(config, new StringSerializer(), serde.serializer())) {
                    producer.send(new ProducerRecord<>("news.text", "doc-1", NewsText.newBuilder().setId("doc-1")
                            .setText("Initech shares slide").setSource("test").build())).get();
                }
            }
            schemaId = SchemaRegistry.fromConfig(config).latest("news.text-value").id();
        } finally {
            process.destroy(); // SIGTERM
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
        String stderr = Files.readString(log);
        assertThat(process.exitValue()).as(stderr).isZero();
        assertThat(stderr).contains("fuzzycal broker: stopped");
        assertThat(dataDir.resolve("kafka-logs/.kafka_cleanshutdown")).exists();

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dataDir).port(0).start();
             DevSchemaRegistryServer registry = DevSchemaRegistryServer.start(broker.clientProperties(), "127.0.0.1", 0)) {
            assertThat(broker.formattedOnStart()).isFalse();
            assertThat(SchemaRegistry.fromConfig(Map.of("schema.registry.url", registry.url()))
                    .latest("news.text-value").id()).isEqualTo(schemaId);
            CliRunner.Result run = CLI.run("consume", "--bootstrap-servers", broker.bootstrapServers(),
                    "--schema-registry", registry.url(), "--topic", "news.text", "--from-beginning", "--max", "1");
            assertThat(run.exitCode()).as(run.err()).isZero();
            JsonNode value = run.jsonLines().get(0).path("value");
            assertThat(value.path("text").asText()).isEqualTo("Initech shares slide");
        }
    }

    /**
     * With --scram-users: no anonymous client, on the client or the controller listener, no user
     * beyond its role, and no anonymous registry write (all open before).
     */
    @Test
    void withScramUsersNothingUnauthenticatedChangesState() throws Exception {
        Path users = Files.writeString(dir.resolve("users"), "# name:role:password\nops:broker:ops:secret\n"
                + "feed:client:feed-secret\n");
        Files.setPosixFilePermissions(users, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path log = dir.resolve("scram-broker.log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), FuzzycalCommand.class.getName(),
                "broker", "--data-dir", dir.resolve("scram").toString(), "--port", "0", "--registry-port", "0",
                "--scram-users", users.toString())
                .redirectError(log.toFile()).start();
        try {
            Map<String, String> printed = CompletableFuture.supplyAsync(() -> readSettings(process)).get(90, TimeUnit.SECONDS);
            String bootstrap = printed.get("bootstrap.servers");
            Map<String, Object> ops = scram(bootstrap, new ScramUser("ops", "ops:secret"));
            Map<String, Object> feed = scram(bootstrap, new ScramUser("feed", "feed-secret"));
            TestClients.createTopic(ops, "news.text", 1);
            TestClients.createTopic(ops, "calibration.models", 1);
            TestClients.produce(feed, "news.text", Map.of("d1", "Initech shares slide")); // the client role writes texts

            Map<String, Object> anonymous = new HashMap<>(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    "request.timeout.ms", 3_000, "default.api.timeout.ms", 6_000));
            try (Admin admin = Admin.create(anonymous)) {
                assertThatThrownBy(() -> admin.listTopics().names().get(20, TimeUnit.SECONDS)).isInstanceOf(Exception.class);
            }
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(feed, new StringDeserializer(), new StringDeserializer())) {
                TopicPartition models = new TopicPartition("calibration.models", 0);
                consumer.assign(List.of(models));
                assertThatThrownBy(() -> consumer.poll(java.time.Duration.ofSeconds(10)))
                        .as("the client role does not read calibrators").isInstanceOf(TopicAuthorizationException.class);
            }
            HttpResponse<String> squat = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(printed.get("schema.registry.url") + "/subjects/news.text-value/versions"))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"schema\":\"\\\"string\\\"\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(squat.statusCode()).as(squat.body()).isEqualTo(401);
        } finally {
            process.destroy();
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(log)).isZero();
        assertThat(Files.readString(log)).contains("SASL/SCRAM-SHA-256 with ACLs for 2 users").doesNotContain("ops:secret");
    }

    private static Map<String, Object> scram(String bootstrap, ScramUser user) {
        Map<String, Object> config = new HashMap<>(user.clientProperties());
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return config;
    }

    private static Map<String, String> readSettings(Process process) {
        Map<String, String> settings = new HashMap<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while (settings.size() < 2 && (line = out.readLine()) != null) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    settings.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return settings;
    }
}
