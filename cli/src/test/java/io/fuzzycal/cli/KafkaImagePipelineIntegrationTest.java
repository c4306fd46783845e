package io.fuzzycal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.devkafka.CommittedTopic;
import io.fuzzycal.inference.InferenceService;
import io.fuzzycal.inference.InferenceServiceConfig;
import io.fuzzycal.model.EngineOptions;
import io.fuzzycal.model.InferenceEngine;
import io.fuzzycal.model.LabelledTexts;
import io.fuzzycal.model.ModelBundle;
import io.fuzzycal.model.TestBundles;
import io.fuzzycal.schemas.Topics;
import io.fuzzycal.schemas.registry.InMemorySchemaRegistry;
import io.fuzzycal.stream.CalibrationStreamConfig;
import io.fuzzycal.stream.CalibrationStreamService;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The pipeline (inference service, then calibration stream) on the official apache/kafka image, the
 * broker of docker-compose.yml, with Testcontainers. Skipped with the reason where there is no Docker
 * engine, or the image is not already present locally: it is never pulled here (an unreachable
 * registry would retry for minutes). {@code -Dfuzzycal.kafka.image=} names another tag.
 */
class KafkaImagePipelineIntegrationTest {
    private static final String IMAGE = System.getProperty("fuzzycal.kafka.image", "apache/kafka:4.3.1");
    private static final int TEXTS = 40;

    @TempDir
    Path dir;

    @Test
    void scoresAndCalibratesEveryTextOnTheApacheKafkaImage() throws Exception {
        requireDockerAndLocalImage();
        try (KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(IMAGE).asCompatibleSubstituteFor("apache/kafka"))) {
            kafka.start();
            String scope = "tc-" + System.nanoTime();
            InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(scope);
            ModelBundle bundle = TestBundles.defaultBundle();
            InferenceServiceConfig inference = InferenceServiceConfig.of(kafka.getBootstrapServers())
                    .withGroupId("tc-inference").withBatches(32, Duration.ofMillis(50)).withMaxTextBytes(16_384)
                    .withTopicLayout(3, (short) 1);
            CalibrationStreamService calibration = CalibrationStreamService.start(
                    new CalibrationStreamService.Settings(kafka.getBootstrapServers(), Map.of(), "tc-calibration",
                            dir.resolve("state"), 3, (short) 1, 1, "tc-0"),
                    CalibrationStreamConfig.defaults(3), registry, new SimpleMeterRegistry());
            try (InferenceEngine engine = InferenceEngine.open(bundle, EngineOptions.defaults().withIntraOpThreads(2));
                 InferenceService scorer = new InferenceService(inference, engine, registry, new SimpleMeterRegistry(), "0")) {
                assertThat(calibration.awaitRunning(Duration.ofSeconds(90))).as("streams running").isTrue();
                Thread scoring = new Thread(scorer::run, "inference-on-apache-kafka");
                scoring.start();
                try {
                    Map<String, Object> client = new HashMap<>(Map.of("bootstrap.servers", kafka.getBootstrapServers()));
                    produceTexts(client);
                    assertThat(CommittedTopic.read(client, Topics.CALIBRATED, 2 * TEXTS)).as("FP32 and INT4 of every text")
                            .hasSize(2 * TEXTS);
                } finally {
                    scorer.stop();
                    scoring.join(TimeUnit.SECONDS.toMillis(60));
                }
            } finally {
                calibration.close();
            }
        }
    }

    private static void produceTexts(Map<String, Object> client) throws Exception {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        LabelledTexts tweets = LabelledTexts.readCsv(TestBundles.tfnsData().resolve("valid.csv"), 3).head(TEXTS);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < TEXTS; i++) {
                sent.add(producer.send(new ProducerRecord<>(Topics.NEWS_TEXT, ("t" + i).getBytes(StandardCharsets.UTF_8),
                        tweets.texts().get(i).getBytes(StandardCharsets.UTF_8))));
            }
            for (Future<?> f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** A skip with the reason unless a Docker engine answers and already holds {@link #IMAGE}. */
    private static void requireDockerAndLocalImage() {
        boolean engine;
        try {
            engine = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            engine = false;
        }
        Assumptions.assumeTrue(engine, "no Docker engine answers here (docker info), so " + IMAGE + " cannot run");
        boolean present;
        try {
            DockerClientFactory.instance().client().inspectImageCmd(IMAGE).exec();
            present = true;
        } catch (RuntimeException notFound) {
            present = false;
        }
        Assumptions.assumeTrue(present, IMAGE + " is not present locally; `docker pull " + IMAGE + "` first (this test never pulls)");
    }
}
