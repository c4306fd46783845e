package io.fuzzycal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.calibration.CalibrationMethods;
import io.fuzzycal.calibration.CalibrationSet;
import io.fuzzycal.calibration.CalibratorJson;
import io.fuzzycal.calibration.FittedCalibrator;
import io.fuzzycal.cli.broker.DevSchemaRegistryServer;
import io.fuzzycal.cli.broker.EmbeddedKafkaBroker;
import io.fuzzycal.schemas.Topics;
import io.fuzzycal.schemas.avro.CalibratedPrediction;
import io.fuzzycal.schemas.avro.Prediction;
import io.fuzzycal.schemas.avro.Variant;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.schemas.serde.AvroDeserializer;
import io.fuzzycal.schemas.serde.AvroSerializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fuzzycal calibrate-stream} as its own process, as an operator runs it: flags, a Schema
 * Registry over HTTP, an initial calibrator file, the metrics endpoint, and SIGTERM.
 */
class CalibrateStreamCommandIntegrationTest {
    private static final int DOCUMENTS = 100;
    private static final Pattern METRICS_PORT = Pattern.compile("metrics on :(\\d+)/metrics");

    @TempDir
    Path dir;

    @Test
    void appliesTheInitialCalibratorServesMetricsAndStopsCleanlyOnSigterm() throws Exception {
        Random random = new Random(7);
        double[][] raw = new double[DOCUMENTS][];
        int[] labels = new int[DOCUMENTS];
        for (int i = 0; i < DOCUMENTS; i++) {
            labels[i] = random.nextInt(3);
            double[] z = new double[3];
            for (int k = 0; k < 3; k++) {
                z[k] = 3 * ((k == labels[i] ? 1 : 0) + random.nextGaussian());
            }
            raw[i] = softmax(z);
        }
        FittedCalibrator initial = CalibrationMethods.create("temperature").fit(CalibrationSet.ofProbabilities(raw, labels), 1);
        Path calibratorFile = Files.writeString(dir.resolve("initial.json"), CalibratorJson.write(initial));

        try (EmbeddedKafkaBroker broker = ServiceFixtures.broker(dir);
             DevSchemaRegistryServer registryServer = DevSchemaRegistryServer.start(broker.clientProperties(), "127.0.0.1", 0)) {
            Map<String, Object> client = new HashMap<>(broker.clientProperties());
            SchemaRegistry registry = SchemaRegistry.fromConfig(Map.of("schema.registry.url", registryServer.url()));
            Path log = dir.resolve("calibrate-stream.log");
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), FuzzycalCommand.class.getName(),
                    "calibrate-stream", "--bootstrap-servers", broker.bootstrapServers(),
                    "--schema-registry", registryServer.url(), "--initial-calibrator", calibratorFile.toString(),
                    "--metrics-port", "0", "--state-dir", dir.resolve("state").toString(), "--instance-id", "cmd-test",
                    "--refit-every-labels", "1000000")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                int metricsPort = awaitMetricsPort(log, process);
                Map<String, Object> producerConfig = new HashMap<>(client);
                producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
                AvroSerializer<Prediction> serializer = new AvroSerializer<>(registry);
                try (KafkaProducer<byte[], byte[]> producer =
                             new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer())) {
                    List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
                    for (int i = 0; i < DOCUMENTS; i++) {
                        String id = "p" + i;
                        Prediction p = Prediction.newBuilder().setDocumentId(id).setModelId("cmd-model")
                                .setVariant(i % 2 == 0 ? Variant.FP32 : Variant.INT4)
                                .setLabels(List.of("Bearish", "Bullish", "Neutral"))
                                .setProbabilities(java.util.Arrays.stream(raw[i]).boxed().toList())
                                .setLogits(List.of(0f, 0f, 0f)).setModelLatencyMicros(1).setBatchSize(1)
                                .setProducedAt(Instant.now()).build();
                        sent.add(producer.send(new ProducerRecord<>(Topics.PREDICTIONS, id.getBytes(StandardCharsets.UTF_8),
                                serializer.serialize(Topics.PREDICTIONS, p))));
                    }
                    for (var f : sent) {
                        f.get(30, TimeUnit.SECONDS);
                    }
                }
                AvroDeserializer<CalibratedPrediction> reader = new AvroDeserializer<>(CalibratedPrediction.class, registry);
                List<ConsumerRecord<byte[], byte[]>> calibrated = ServiceFixtures.readCommitted(client, Topics.CALIBRATED, DOCUMENTS);
                assertThat(calibrated).hasSize(DOCUMENTS);
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
                process.destroy(); // SIGTERM
                assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("stops after SIGTERM").isTrue();
            }
            assertThat(process.exitValue()).as(Files.readString(log)).isZero();
        }
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

    private static double[] softmax(double[] z) {
        double max = Math.max(z[0], Math.max(z[1], z[2]));
        double[] p = new double[3];
        double sum = 0;
        for (int k = 0; k < 3; k++) {
            p[k] = Math.exp(z[k] - max);
            sum += p[k];
        }
        for (int k = 0; k < 3; k++) {
            p[k] /= sum;
        }
        return p;
    }
}
