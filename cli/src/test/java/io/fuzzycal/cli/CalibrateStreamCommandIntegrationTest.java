package io.fuzzycal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.devkafka.CommittedTopic;
import io.fuzzycal.calibration.CalibrationMethods;
import io.fuzzycal.calibration.CalibrationSet;
import io.fuzzycal.calibration.CalibratorJson;
import io.fuzzycal.calibration.FittedCalibrator;
import io.fuzzycal.devkafka.DevSchemaRegistryServer;
import io.fuzzycal.devkafka.EmbeddedKafkaBroker;
import io.fuzzycal.model.Softmax;
import io.fuzzycal.schemas.avro.CalibratedPrediction;
import io.fuzzycal.schemas.avro.Prediction;
import io.fuzzycal.schemas.avro.Variant;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.schemas.serde.AvroDeserializer;
import io.fuzzycal.schemas.serde.AvroSerializer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fuzzycal calibrate-stream} as its own process, as an operator runs it: flags, a Schema
 * Registry over HTTP, an initial calibrator file, the metrics endpoint, SIGTERM, and SIGKILL.
 */
class CalibrateStreamCommandIntegrationTest {
    private static final Pattern METRICS_PORT = Pattern.compile("metrics on :(\\d+)/metrics");
    private static final List<String> LABELS = List.of("Bearish", "Bullish", "Neutral");

    @TempDir
    static Path shared;
    @TempDir
    Path dir;
    private static EmbeddedKafkaBroker broker;
    private static DevSchemaRegistryServer registryServer;
    private static SchemaRegistry registry;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafkaBroker.builder().dataDir(shared.resolve("kafka")).port(0).start();
        registryServer = DevSchemaRegistryServer.start(broker.clientProperties(), "127.0.0.1", 0);
        registry = SchemaRegistry.fromConfig(Map.of("schema.registry.url", registryServer.url()));
    }

    @AfterAll
    static void stop() {
        registryServer.close();
        broker.close();
    }

    @Test
    void appliesTheInitialCalibratorServesMetricsAndStopsCleanlyOnSigterm() throws Exception {
        int documents = 100;
        Random random = new Random(7);
        double[][] raw = new double[documents][];
        int[] labels = new int[documents];
        for (int i = 0; i < documents; i++) {
            labels[i] = random.nextInt(3);
            raw[i] = overconfident(labels[i], random);
        }
        FittedCalibrator initial = CalibrationMethods.create("temperature").fit(CalibrationSet.ofProbabilities(raw, labels), 1);
        Path calibratorFile = Files.writeString(dir.resolve("initial.json"), CalibratorJson.write(initial));
        Path log = dir.resolve("calibrate-stream.log");
        Process process = calibrateStream(log, "sigterm", "--initial-calibrator", calibratorFile.toString());
        boolean stoppedOnSigterm;
        try {
            int metricsPort = awaitMetricsPort(log, process);
            produce("sigterm", raw);
            AvroDeserializer<CalibratedPrediction> reader = new AvroDeserializer<>(CalibratedPrediction.class, registry);
            List<ConsumerRecord<byte[], byte[]>> calibrated = CommittedTopic.read(client(), "sigterm.calibrated", documents);
            assertThat(calibrated).hasSize(documents);
            for (ConsumerRecord<byte[], byte[]> r : calibrated) {
                CalibratedPrediction c = reader.deserialize(r.topic(), r.value());
                int i = Integer.parseInt(c.getDocumentId().substring(1));
                assertThat(c.getCalibratorVersion()).isZero();
                assertThat(c.getCalibratorMethod()).isEqualTo("temperature");
                double[] expected = initial.calibrate(raw[i]);
                for (int k = 0; k < 3; k++) {
                    assertThat(c.getCalibratedProbabilities().get(k)).isCloseTo(expected[k],
                            org.assertj.core.data.Offset.offset(1e-12));
                }
            }
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body())
                    .contains("fuzzycal_calibration_predictions_calibrated_total{variant=\"FP32\"} 50.0")
                    .contains("fuzzycal_calibration_predictions_calibrated_total{variant=\"INT4\"} 50.0")
                    .contains("fuzzycal_calibration_calibrator_version{model=\"cmd-model\"} 0.0")
                    .contains("fuzzycal_calibration_apply_latency_seconds_bucket{variant=\"FP32\"");
        } finally {
            stoppedOnSigterm = stop(process);
        }
        assertThat(stoppedOnSigterm).as("stops after SIGTERM").isTrue();
        assertThat(process.exitValue()).as(Files.readString(log)).isZero();
    }

    @Test
    void aKilledInstanceRestartsAndEveryPredictionIsCalibratedExactlyOnce() throws Exception {
        int documents = 20_000;
        Random random = new Random(8);
        double[][] raw = new double[documents][];
        for (int i = 0; i < documents; i++) {
            raw[i] = overconfident(random.nextInt(3), random);
        }
        Path log = dir.resolve("crash.log");
        Process first = calibrateStream(log, "crash");
        try {
            awaitMetricsPort(log, first);
            produce("crash", raw);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (CommittedTopic.endOffsets(client(), "crash.calibrated") < documents / 4) {
                assertThat(System.nanoTime()).as("a quarter calibrated in time:%n%s", Files.readString(log)).isLessThan(deadline);
                Thread.sleep(100);
            }
        } finally {
            first.destroyForcibly(); // SIGKILL: no shutdown hook, a transaction may be open
        }
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long atKill = CommittedTopic.endOffsets(client(), "crash.calibrated");
        assertThat(atKill).as("killed before the end").isLessThan(documents);

        Process second = calibrateStream(log, "crash");
        boolean secondStopped;
        try {
            List<ConsumerRecord<byte[], byte[]>> calibrated = CommittedTopic.read(client(), "crash.calibrated", documents);
            Map<String, Integer> perDocument = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : calibrated) {
                perDocument.merge(new String(r.key(), StandardCharsets.UTF_8), 1, Integer::sum);
            }
            assertThat(perDocument).as("every prediction calibrated (killed at %d)", atKill).hasSize(documents);
            assertThat(perDocument.values()).as("and exactly once").allMatch(n -> n == 1);
        } finally {
            secondStopped = stop(second);
        }
        assertThat(secondStopped).as("stops after SIGTERM").isTrue();
        assertThat(second.exitValue()).as(Files.readString(log)).isZero();
    }

    /**
     * SIGTERM, then SIGKILL where it has not stopped within 90 s, so that no process outlives its test;
     * whether it stopped on SIGTERM. It asserts nothing: it runs in finally blocks, where a failure
     * would hide the test's own.
     */
    private static boolean stop(Process process) throws InterruptedException {
        process.destroy();
        boolean stopped = process.waitFor(90, TimeUnit.SECONDS);
        if (!stopped) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        return stopped;
    }

    private Process calibrateStream(Path log, String prefix, String... extra) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), FuzzycalCommand.class.getName(),
                "calibrate-stream", "--bootstrap-servers", broker.bootstrapServers(),
                "--schema-registry", registryServer.url(), "--metrics-port", "0",
                "--state-dir", dir.resolve("state").toString(), "--instance-id", "cmd-test",
                "--application-id", prefix + "-calibration", "--refit-every-labels", "1000000",
                "--predictions-topic", prefix + ".predictions", "--calibrated-topic", prefix + ".calibrated",
                "--feedback-topic", prefix + ".feedback", "--models-topic", prefix + ".models"));
        command.addAll(List.of(extra));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** One prediction per row, alternating FP32 and INT4, ids p0, p1, ... */
    private static void produce(String prefix, double[][] raw) throws Exception {
        Map<String, Object> config = client();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        AvroSerializer<Prediction> serializer = new AvroSerializer<>(registry);
        String topic = prefix + ".predictions";
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < raw.length; i++) {
                String id = "p" + i;
                Prediction p = Prediction.newBuilder().setDocumentId(id).setModelId("cmd-model")
                        .setVariant(i % 2 == 0 ? Variant.FP32 : Variant.INT4).setLabels(LABELS)
                        .setProbabilities(Arrays.stream(raw[i]).boxed().toList())
                        .setLogits(List.of(0f, 0f, 0f)).setModelLatencyMicros(1).setBatchSize(1)
                        .setProducedAt(Instant.now()).build();
                sent.add(producer.send(new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8),
                        serializer.serialize(topic, p))));
            }
            for (Future<?> f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Map<String, Object> client() {
        return new HashMap<>(broker.clientProperties());
    }

    private static double[] overconfident(int label, Random random) {
        double[] z = new double[3];
        for (int k = 0; k < 3; k++) {
            z[k] = 3 * ((k == label ? 1 : 0) + random.nextGaussian());
        }
        return Softmax.of(z);
    }

    private static int awaitMetricsPort(Path log, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            Matcher m = METRICS_PORT.matcher(Files.readString(log));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            assertThat(process.isAlive()).as("calibrate-stream exited early:%n%s", Files.readString(log)).isTrue();
            Thread.sleep(200);
        }
        throw new AssertionError("calibrate-stream did not start:\n" + Files.readString(log));
    }
}
