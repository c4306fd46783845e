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
 * stream settings that follow from them. Both apps of every pass read {@link #PREDICTIONS}; each pass
 * writes topics of its own.
 *
 * @param kafka              Kafka client and Streams properties of both apps and of the service
 * @param serviceJavaOptions JVM options of the service process; blank: the JVM's defaults
 */
record CalibrateStreamPlan(int predictions, int windowSize, int labels, int repeat, Map<String, String> kafka,
                           String serviceJavaOptions) {
    static final String PREDICTIONS = "bench.predictions";
    static final String RELAYED = "bench.relayed";
    static final int PARTITIONS = 3;
    /** How long any wait of the run (committed output, labels matched) may take. */
    static final Duration WAIT = Duration.ofMinutes(10);
    /** How often a wait reports progress. */
    static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(3);

    /** Documents: an FP32 and an INT4 prediction each. */
    int documents() {
        return predictions / 2;
    }

    /** The relay's output topic in {@code pass}. */
    String relayed(int pass) {
        return RELAYED + "." + pass;
    }

    /** Topics of one pass's calibration stream; every pass writes its own. */
    CalibrationStreamConfig calibration(int pass, FittedCalibrator initial) {
        return new CalibrationStreamConfig(PREDICTIONS, "bench.feedback." + pass, "bench.calibrated." + pass,
                "bench.calibration.models." + pass, Duration.ofHours(24), Duration.ofHours(1), PARTITIONS,
                RefitPolicy.defaults().withWindow(windowSize, Duration.ofDays(7)).withTriggers(1_000_000, Duration.ofHours(24)),
                Optional.of(initial));
    }

    /** Kafka Streams settings of one app: one stream thread, exactly once, {@link #kafka} on top. */
    CalibrationStreamService.Settings streams(String bootstrapServers, String applicationId, Path stateDir) {
        return new CalibrationStreamService.Settings(bootstrapServers, kafka, applicationId, stateDir,
                PARTITIONS, (short) 1, 1, "bench");
    }

    /** {@link #serviceJavaOptions} split at white space. */
    List<String> serviceJavaOptionList() {
        return serviceJavaOptions.isBlank() ? List.of() : List.of(serviceJavaOptions.strip().split("\\s+"));
    }
}
