package io.fuzzycal.bench;

import io.fuzzycal.calibration.FittedCalibrator;
import io.fuzzycal.stream.CalibrationStreamConfig;
import io.fuzzycal.stream.CalibrationStreamService;
import io.fuzzycal.stream.RefitPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What a {@code bench calibrate-stream} run was asked for (its options, checked), and the topics and
 * stream settings that follow from them. Both apps of every pass read the predictions topic of the
 * pass's partition count; each pass writes topics of its own.
 *
 * @param kafka              Kafka client and Streams properties of both apps and of the service
 * @param serviceJavaOptions JVM options of the service process; blank: the JVM's defaults
 * @param shapes             partitions and instances of each group of passes, in order
 * @param serviceAlone       whether the service alone runs after the passes
 */
record CalibrateStreamPlan(int predictions, int windowSize, int labels, int repeat, Map<String, String> kafka,
                           String serviceJavaOptions, List<Shape> shapes, boolean serviceAlone) {
    static final String PREDICTIONS = "bench.predictions";
    static final String RELAYED = "bench.relayed";
    static final int PARTITIONS = 3;
    /** How long any wait of the run (committed output, labels matched) may take. */
    static final Duration WAIT = Duration.ofMinutes(10);
    /** How often a wait reports progress. */
    static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(3);

    /** The run of the defaults' shape: {@link #PARTITIONS} partitions, one instance, then the service alone. */
    CalibrateStreamPlan(int predictions, int windowSize, int labels, int repeat, Map<String, String> kafka,
                        String serviceJavaOptions) {
        this(predictions, windowSize, labels, repeat, kafka, serviceJavaOptions, List.of(new Shape(PARTITIONS, 1)), true);
    }

    /**
     * Partitions of the predictions topic and app instances (same application id, one stream thread
     * each, in this JVM) of a pass.
     */
    record Shape(int partitions, int instances) {
        @Override
        public String toString() {
            return partitions + "p x " + instances + "i";
        }
    }

    /** Documents: an FP32 and an INT4 prediction each. */
    int documents() {
        return predictions / 2;
    }

    /** The preloaded predictions topic with {@code partitions} partitions. */
    static String predictionsTopic(int partitions) {
        return PREDICTIONS + ".p" + partitions;
    }

    /** The relay's output topic in {@code pass}. */
    String relayed(int pass) {
        return RELAYED + "." + pass;
    }

    /** Topics of one pass's calibration stream; every pass writes its own. */
    CalibrationStreamConfig calibration(int pass, int partitions, FittedCalibrator initial) {
        return new CalibrationStreamConfig(predictionsTopic(partitions), "bench.feedback." + pass,
                "bench.calibrated." + pass, "bench.calibration.models." + pass, Duration.ofHours(24),
                Duration.ofHours(1), partitions,
                RefitPolicy.defaults().withWindow(windowSize, Duration.ofDays(7)).withTriggers(1_000_000, Duration.ofHours(24)),
                Optional.of(initial));
    }

    /** Kafka Streams settings of one instance of an app: one stream thread, exactly once, {@link #kafka} on top. */
    CalibrationStreamService.Settings streams(String bootstrapServers, String applicationId, Path stateDir,
                                              int partitions, int instance) {
        return new CalibrationStreamService.Settings(bootstrapServers, kafka, applicationId, stateDir,
                partitions, (short) 1, 1, "bench-" + instance);
    }

    /** {@link #serviceJavaOptions} split at white space. */
    List<String> serviceJavaOptionList() {
        return StreamBenchOptions.javaOptionList(serviceJavaOptions);
    }
}
