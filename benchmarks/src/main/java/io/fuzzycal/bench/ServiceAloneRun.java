package io.fuzzycal.bench;

import static io.fuzzycal.bench.CalibrateStreamPlan.PARTITIONS;
import static io.fuzzycal.bench.CalibrateStreamPlan.PROGRESS_NANOS;
import static io.fuzzycal.bench.CalibrateStreamPlan.WAIT;

import io.fuzzycal.calibration.CalibratorJson;
import io.fuzzycal.devkafka.CommittedTopic;
import io.fuzzycal.devkafka.DevSchemaRegistryServer;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.schemas.registry.SchemaRegistryConfig;
import io.fuzzycal.schemas.serde.AvroSerializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The service alone: {@code fuzzycal calibrate-stream} in a JVM of its own, reading the schemas from
 * an HTTP registry on this broker. It calibrates the same predictions again, then gets labels until
 * its refit window is full; its resident memory and heap are read at each stage, and it must stop
 * cleanly on SIGTERM.
 */
final class ServiceAloneRun {
    private static final String PREFIX = "bench.service.";

    private final CalibrateStreamRun run;
    private final CalibrateStreamPlan plan;
    private final SyntheticPredictions data;

    ServiceAloneRun(CalibrateStreamRun run) {
        this.run = run;
        this.plan = run.plan();
        this.data = run.data();
    }

    ServiceRun run() throws Exception {
        try (DevSchemaRegistryServer http = DevSchemaRegistryServer.start(run.client(), "127.0.0.1", 0)) {
            SchemaRegistry registry = SchemaRegistry.fromConfig(Map.of(SchemaRegistryConfig.URL, http.url()));
            // the same predictions again, with the HTTP registry's schema ids
            PredictionLoader.load(run.client(), PREFIX + "predictions", data, new AvroSerializer<>(registry),
                    run.progress());
            List<String> args = arguments(http.url());
            run.progress().accept("bench calibrate-stream: the service alone: starting fuzzycal calibrate-stream in its own JVM");
            Path log = run.dir().resolve("service.log");
            try (ServiceProcess service = ServiceProcess.start(plan.serviceJavaOptionList(), args, log)) {
                service.awaitStarted();
                return watch(service);
            }
        }
    }

    /** {@code fuzzycal calibrate-stream}'s arguments: this run's topics, window, and the initial calibrator (written here). */
    private List<String> arguments(String registryUrl) throws Exception {
        Path calibratorFile = run.dir().resolve("initial-calibrator.json");
        Files.writeString(calibratorFile, CalibratorJson.write(run.initial()));
        List<String> args = new ArrayList<>(List.of("calibrate-stream", "--bootstrap-servers", run.bootstrapServers(),
                "--schema-registry", registryUrl, "--predictions-topic", PREFIX + "predictions",
                "--feedback-topic", PREFIX + "feedback", "--calibrated-topic", PREFIX + "calibrated",
                "--models-topic", PREFIX + "models", "--initial-calibrator", calibratorFile.toString(),
                "--window-size", Integer.toString(plan.windowSize()), "--window-max-age", "7d",
                "--refit-every-labels", "1000000", "--refit-interval", "24h", "--partitions", Integer.toString(PARTITIONS),
                "--application-id", "bench-service", "--instance-id", "bench",
                "--state-dir", run.dir().resolve("service-state").toString()));
        plan.kafka().forEach((k, v) -> args.addAll(List.of("--kafka", k + "=" + v)));
        return args;
    }

    /** Its memory started, after calibrating, and with the window full; then SIGTERM, which it must survive with 0. */
    private ServiceRun watch(ServiceProcess service) throws Exception {
        List<Memory> memory = new ArrayList<>();
        memory.add(memory(service));
        awaitCalibrated(service);
        run.progress().accept("bench calibrate-stream: the service alone: calibrated " + plan.predictions() + " predictions");
        memory.add(memory(service));
        Labelling labelled = label(service);
        memory.add(memory(service));
        double maxHeap = service.max("jvm_memory_max_bytes", "area=\"heap\"");
        int exit = service.stop();
        if (exit != 0) {
            throw new IllegalStateException("the service exited with " + exit + " on SIGTERM: " + service.output());
        }
        return new ServiceRun(labelled, memory, (long) maxHeap);
    }

    private void awaitCalibrated(ServiceProcess service) throws Exception {
        try (CommittedTopic calibrated = CommittedTopic.open(run.client(), PREFIX + "calibrated")) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (calibrated.count() < plan.predictions()) {
                calibrated.poll(Duration.ofMillis(20));
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the service calibrated only " + calibrated.count() + " of "
                            + plan.predictions() + " predictions in " + WAIT + ": " + service.output());
                }
            }
        }
    }

    /** Labels the documents in turn, then waits until every label is matched and the window is full. */
    private Labelling label(ServiceProcess service) throws Exception {
        run.progress().accept("bench calibrate-stream: labelling: sending " + plan.labels() + " labels (window "
                + plan.windowSize() + ")");
        long start = System.nanoTime();
        WindowSamples window = new WindowSamples();
        try (AcknowledgedSender<byte[], byte[]> producer = PredictionLoader.bytes(run.client(), "labels", run.progress())) {
            for (int i = 0; i < plan.labels(); i++) {
                int d = i % data.documents();
                producer.send(new ProducerRecord<>(PREFIX + "feedback", data.key(d), data.labelJson(d)));
                if (i % 2000 == 0) {
                    window.add(window(service));
                }
            }
            producer.flush();
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        long nextProgress = System.nanoTime() + PROGRESS_NANOS;
        while (true) {
            long matched = Math.round(service.metric("fuzzycal_calibration_feedback_total", "outcome=\"matched\""));
            window.add(window(service));
            if (matched >= plan.labels() && window.last >= plan.windowSize()) {
                return new Labelling(matched, (System.nanoTime() - start) / 1e9, window.last, window.max, window.count);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("labelling: after " + WAIT + " only " + matched + " of " + plan.labels()
                        + " labels matched, window " + window.last + " of " + plan.windowSize() + "; dead letters: "
                        + service.metric("fuzzycal_calibration_records_dlq_total"));
            }
            if (System.nanoTime() > nextProgress) {
                run.progress().accept("bench calibrate-stream: labelling: " + matched + "/" + plan.labels() + " matched, window "
                        + window.last);
                nextProgress += PROGRESS_NANOS;
            }
            Thread.sleep(50);
        }
    }

    private static Memory memory(ServiceProcess service) throws Exception {
        return new Memory(service.residentKb(), (long) service.metric("jvm_memory_used_bytes", "area=\"heap\""),
                (long) service.metric("jvm_memory_committed_bytes", "area=\"heap\""));
    }

    private static int window(ServiceProcess service) throws Exception {
        return (int) service.metric("fuzzycal_calibration_window_size", "model=\"" + SyntheticPredictions.MODEL_ID + "\"");
    }

    /** The refit window's size as sampled while labelling: the last sample, the largest, how many. */
    private static final class WindowSamples {
        int last;
        int max;
        int count;

        void add(int size) {
            last = size;
            max = Math.max(max, size);
            count++;
        }
    }

    /** Resident set (KiB) and heap (bytes) of the service process at one moment. */
    record Memory(long residentKb, long heapUsed, long heapCommitted) {
    }

    record Labelling(long matched, double seconds, int finalWindow, int maxWindow, int samples) {
    }

    /** What the service process did and cost: its labelling, and its memory started / calibrated / window full. */
    record ServiceRun(Labelling labelling, List<Memory> memory, long maxHeapBytes) {
    }
}
