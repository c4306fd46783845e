package io.fuzzycal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.calibration.CalibrationMethods;
import io.fuzzycal.calibration.CalibrationSet;
import io.fuzzycal.calibration.CalibratorJson;
import io.fuzzycal.calibration.FittedCalibrator;
import io.fuzzycal.model.ModelBundle;
import io.fuzzycal.model.Softmax;
import io.fuzzycal.model.TestBundles;
import io.fuzzycal.schemas.Topics;
import io.fuzzycal.schemas.avro.CalibratedPrediction;
import io.fuzzycal.schemas.avro.CalibratorModel;
import io.fuzzycal.schemas.avro.FitWindow;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.schemas.serde.AvroSerializer;
import io.fuzzycal.testkit.KafkaCluster;
import io.fuzzycal.testkit.ServiceProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of each service ({@code fuzzycal inference}, {@code calibrate-stream}, {@code monitor},
 * child processes, one consumer group or Streams application per service) on topics of six partitions:
 * both instances of each do part of the work (their own /metrics count records); every calibrated
 * record carries the calibrator version that is promoted on calibration.models, and exactly the
 * probabilities that calibrator gives, whichever instance calibrated it (what one instance alone would
 * give); and when one instance of each service stops mid-stream (SIGTERM: it leaves its group), the
 * other takes its partitions and nothing is lost or repeated, down to the monitor's count window.
 */
class ScaleOutIntegrationTest {
    private static final int DOCUMENTS = 160;
    private static final double TEXTS_PER_SECOND = 5;
    private static final int PARTITIONS = 6;
    private static final long PROMOTED_VERSION = 7;
    private static final Duration READY = Duration.ofMinutes(3);

    @TempDir
    static Path dir;
    @RegisterExtension
    static final KafkaCluster KAFKA = new KafkaCluster().withHttpRegistry();

    @Test
    void twoInstancesOfEachServiceSplitTheWorkAndOneStoppingLosesNothing() throws Exception {
        long t0 = System.nanoTime();
        Map<String, Object> client = KAFKA.clientProperties();
        SchemaRegistry registry = SchemaRegistry.fromConfig(Map.of("schema.registry.url", KAFKA.registryUrl()));
        ModelBundle bundle = TestBundles.defaultBundle();
        PipelineTraffic.createTopics(client, PARTITIONS,
                new NewTopic(Topics.CALIBRATION_MODELS, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")));
        FittedCalibrator promoted = promote(client, registry, bundle.modelId());

        List<String> common = List.of("--bootstrap-servers", KAFKA.bootstrapServers(), "--schema-registry",
                KAFKA.registryUrl(), "--metrics-port", "0", "--partitions", Integer.toString(PARTITIONS));
        List<ServiceProcess> services = new ArrayList<>();
        try (PipelineTraffic traffic = new PipelineTraffic(client, registry, DOCUMENTS, false)) {
            Map<String, ServiceProcess[]> pairs = new HashMap<>();
            for (String instance : List.of("a", "b")) {
                ServiceProcess inference = PipelineTraffic.startService(ScaleOutIntegrationTest.class, services, "inference-" + instance, "-Xmx512m", common, "inference",
                        "--bundle", bundle.directory().toString(), "--threads", "1", "--max-batch-size", "8",
                        "--max-wait-ms", "20", "--group-id", "scale-inference", "--instance-id", instance);
                ServiceProcess calibration = PipelineTraffic.startService(ScaleOutIntegrationTest.class, services, "calibrate-stream-" + instance, "-Xmx256m", common,
                        "calibrate-stream", "--state-dir", dir.resolve("calibration-" + instance).toString(),
                        "--instance-id", instance, "--application-id", "scale-calibration",
                        "--refit-every-labels", "1000000", "--refit-interval", "7d", "--label-delay", "1h");
                ServiceProcess monitor = PipelineTraffic.startService(ScaleOutIntegrationTest.class, services, "monitor-" + instance, "-Xmx384m", common, "monitor",
                        "--state-dir", dir.resolve("monitor-" + instance).toString(), "--instance-id", instance,
                        "--application-id", "scale-monitor", "--count-window", "100000", "--window-size", "2s",
                        "--window-advance", "2s", "--label-delay", "1h");
                pairs.computeIfAbsent("inference", k -> new ServiceProcess[2])["ab".indexOf(instance)] = inference;
                pairs.computeIfAbsent("calibrate-stream", k -> new ServiceProcess[2])["ab".indexOf(instance)] = calibration;
                pairs.computeIfAbsent("monitor", k -> new ServiceProcess[2])["ab".indexOf(instance)] = monitor;
            }
            for (ServiceProcess s : services) {
                s.awaitReady(READY);
            }
            PipelineFaultsIntegrationTest.phase(t0, "six services ready");

            traffic.startLabelling(Duration.ofSeconds(1));
            // the first half, until both instances of every service have done part of it
            traffic.startFeeding(TEXTS_PER_SECOND, DOCUMENTS / 2);
            traffic.awaitHeld(Duration.ofMinutes(2));
            // each instance's own count of what it did, from its /metrics
            Map<String, String[]> work = Map.of(
                    "inference", new String[] {"fuzzycal_inference_records_in_total"},
                    "calibrate-stream", new String[] {"fuzzycal_calibration_predictions_calibrated_total"},
                    // labels joined to their predictions by this instance's tasks (the Kafka client metrics
                    // would do too, but Micrometer registers a new one only once a minute)
                    "monitor", new String[] {"fuzzycal_monitor_feedback_total", "outcome=\"matched\""});
            long[] lastReport = {System.nanoTime()};
            traffic.await("both instances of each service at work", Duration.ofMinutes(3), () -> {
                if (System.nanoTime() - lastReport[0] > 10_000_000_000L) {
                    lastReport[0] = System.nanoTime();
                    PipelineFaultsIntegrationTest.phase(t0, "waiting for both instances: " + describe(pairs, work));
                }
                for (var e : work.entrySet()) {
                    for (ServiceProcess s : pairs.get(e.getKey())) {
                        if (done(s, e.getValue()) == 0) {
                            return false;
                        }
                    }
                }
                return true;
            }, () -> describe(pairs, work));
            PipelineFaultsIntegrationTest.phase(t0, "both instances at work: " + describe(pairs, work));
            // the second half comes while instance b of each service stops
            traffic.release();
            for (ServiceProcess[] pair : pairs.values()) {
                pair[1].terminate(); // all three at once, then wait for each
            }
            assertThat(traffic.fedAll()).as("instance b stopped mid-stream").isFalse();
            for (ServiceProcess[] pair : pairs.values()) {
                assertThat(pair[1].stop()).as("%s stops cleanly:%n%s", pair[1].name(), pair[1].output()).isZero();
            }
            PipelineFaultsIntegrationTest.phase(t0, "instance b of each stopped at " + traffic.fed() + " texts fed");

            traffic.await("every text fed", Duration.ofMinutes(2), traffic::fedAll, () -> traffic.fed() + " fed");
            traffic.await("every text calibrated", Duration.ofMinutes(3),
                    () -> traffic.committedByKey(Topics.CALIBRATED).keySet().containsAll(traffic.texts()),
                    () -> traffic.committedByKey(Topics.CALIBRATED).size() + " documents calibrated");
            traffic.await("every document labelled", Duration.ofMinutes(2),
                    () -> traffic.labelled() == DOCUMENTS, () -> traffic.labelled() + " labelled");
            traffic.await("the monitor's count window to hold every label", Duration.ofMinutes(2), () -> {
                traffic.tick();
                return traffic.monitorCountWindows().equals(PipelineTraffic.everySeries(DOCUMENTS));
            }, () -> "count windows " + traffic.monitorCountWindows() + ", expected " + DOCUMENTS + " each");
            traffic.await("the ticks calibrated", Duration.ofMinutes(1),
                    () -> traffic.committedByKey(Topics.CALIBRATED).keySet().containsAll(traffic.texts()), () -> "");
            PipelineFaultsIntegrationTest.phase(t0, "every text calibrated, labelled and counted");

            traffic.assertPredictionsExactlyOnce();
            List<CalibratedPrediction> calibrated = traffic.assertCalibratedExactlyOnce();
            for (CalibratedPrediction c : calibrated) {
                assertThat(c.getCalibratorVersion()).as("%s %s", c.getDocumentId(), c.getVariant())
                        .isEqualTo(PROMOTED_VERSION);
                double[] raw = c.getRawProbabilities().stream().mapToDouble(Double::doubleValue).toArray();
                double[] expected = promoted.calibrate(raw);
                for (int k = 0; k < expected.length; k++) {
                    assertThat(c.getCalibratedProbabilities().get(k)).isCloseTo(expected[k], Offset.offset(1e-12));
                }
            }
            for (ServiceProcess[] pair : pairs.values()) {
                assertThat(pair[0].stop()).as("%s stops cleanly:%n%s", pair[0].name(), pair[0].output()).isZero();
            }
            PipelineFaultsIntegrationTest.phase(t0, "checked and stopped");
        } finally {
            services.forEach(ServiceProcess::close);
        }
    }

    /** Publishes a temperature calibrator as version {@link #PROMOTED_VERSION} of {@code modelId}, as a refit would. */
    private static FittedCalibrator promote(Map<String, Object> client, SchemaRegistry registry, String modelId)
            throws Exception {
        Random random = new Random(11);
        int n = 300;
        double[][] raw = new double[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(3);
            double[] z = new double[3];
            for (int k = 0; k < 3; k++) {
                z[k] = 3 * ((k == labels[i] ? 1 : 0) + random.nextGaussian());
            }
            raw[i] = Softmax.of(z);
        }
        FittedCalibrator calibrator = CalibrationMethods.create("temperature")
                .fit(CalibrationSet.ofProbabilities(raw, labels), 1);
        Instant now = Instant.now();
        CalibratorModel model = CalibratorModel.newBuilder().setModelId(modelId).setVersion(PROMOTED_VERSION)
                .setMethod("temperature").setParametersJson(CalibratorJson.write(calibrator))
                .setFitWindow(FitWindow.newBuilder().setFromTime(now.minusSeconds(60)).setToTime(now).setSamples(n).build())
                .setPromotedAt(now).build();
        Map<String, Object> config = new HashMap<>(client);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.CALIBRATION_MODELS, modelId.getBytes(StandardCharsets.UTF_8),
                    new AvroSerializer<CalibratorModel>(registry).serialize(Topics.CALIBRATION_MODELS, model))).get();
        }
        return calibrator;
    }



    private static double done(ServiceProcess s, String[] metric) {
        try {
            return s.metric(metric[0], java.util.Arrays.copyOfRange(metric, 1, metric.length));
        } catch (Exception e) {
            throw new IllegalStateException(s.name() + ": " + e.getMessage(), e);
        }
    }

    private static String describe(Map<String, ServiceProcess[]> pairs, Map<String, String[]> work) {
        StringBuilder out = new StringBuilder();
        for (var e : work.entrySet()) {
            for (ServiceProcess s : pairs.get(e.getKey())) {
                out.append(s.name()).append(' ').append((long) done(s, e.getValue())).append("; ");
            }
        }
        return out.toString();
    }
}
