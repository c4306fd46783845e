package io.fuzzycal.bench;

import io.fuzzycal.calibration.FittedCalibrator;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the parts of one {@code bench calibrate-stream} run share once its broker is up.
 *
 * @param bootstrapServers the embedded broker's address
 * @param client           its client properties
 * @param data             the synthetic predictions both the passes and the service calibrate, and their labels
 * @param initial          the calibrator every calibration stream applies as version 0
 * @param dir              the run's scratch folder (Kafka Streams state, the service's log and state)
 * @param progress         stderr progress lines
 */
record CalibrateStreamRun(CalibrateStreamPlan plan, String bootstrapServers, Map<String, Object> client,
                          SyntheticPredictions data, FittedCalibrator initial, Path dir, Consumer<String> progress) {
}
