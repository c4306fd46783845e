package io.fuzzycal.stream;

import io.fuzzycal.calibration.FittedCalibrator;
import io.fuzzycal.schemas.Topics;
import io.fuzzycal.schemas.feedback.LabelTiming;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What the calibration topology reads, writes and how it joins labels.
 *
 * @param predictionsTopic {@code Prediction} records, keyed by document id
 * @param feedbackTopic labels: {@code Feedback} Avro or JSON {@code {"id", "label"}}
 * @param calibratedTopic {@code CalibratedPrediction} output
 * @param modelsTopic compacted {@code CalibratorModel} topic, read into a global store and written on promotion
 * @param labelDelay the longest a label may come after its prediction (by record time)
 * @param labelGrace predictions are kept this much longer than the label delay, so a label that comes
 *     later is reported as late rather than unmatched; also the clock skew allowed the other way
 * @param partitions partitions of the internal topics; must equal the predictions topic's, because labels
 *     are joined to predictions in the task that owns the document's partition: the service refuses to
 *     start on another count, and takes the topic's where this is {@link #PREDICTIONS_TOPIC_PARTITIONS}
 * @param policy refit and promotion rules
 * @param initialCalibrator applied (as version 0) until a first calibrator is promoted; identity when empty
 */
public record CalibrationStreamConfig(String predictionsTopic, String feedbackTopic, String calibratedTopic,
                                      String modelsTopic, Duration labelDelay, Duration labelGrace, int partitions,
                                      RefitPolicy policy, Optional<FittedCalibrator> initialCalibrator) {
    /** {@code partitions} that asks for the predictions topic's count, whatever it is when the service starts. */
    public static final int PREDICTIONS_TOPIC_PARTITIONS = 0;

    public CalibrationStreamConfig {
        Objects.requireNonNull(predictionsTopic, "predictions topic");
        Objects.requireNonNull(feedbackTopic, "feedback topic");
        Objects.requireNonNull(calibratedTopic, "calibrated topic");
        Objects.requireNonNull(modelsTopic, "models topic");
        Objects.requireNonNull(policy, "refit policy");
        Objects.requireNonNull(initialCalibrator, "initial calibrator");
        new LabelTiming(labelDelay, labelGrace); // validates
        if (partitions < 0) {
            throw new IllegalArgumentException("partitions must be positive, or PREDICTIONS_TOPIC_PARTITIONS");
        }
    }

    /** The default topics, a 24 h label delay with 1 h grace, and the default policy. */
    public static CalibrationStreamConfig defaults(int partitions) {
        return new CalibrationStreamConfig(Topics.PREDICTIONS, Topics.FEEDBACK, Topics.CALIBRATED,
                Topics.CALIBRATION_MODELS, Duration.ofHours(24), Duration.ofHours(1), partitions, RefitPolicy.defaults(),
                Optional.empty());
    }

    public CalibrationStreamConfig withPolicy(RefitPolicy p) {
        return new CalibrationStreamConfig(predictionsTopic, feedbackTopic, calibratedTopic, modelsTopic, labelDelay,
                labelGrace, partitions, p, initialCalibrator);
    }

    public CalibrationStreamConfig withLabelDelay(Duration delay, Duration grace) {
        return new CalibrationStreamConfig(predictionsTopic, feedbackTopic, calibratedTopic, modelsTopic, delay, grace,
                partitions, policy, initialCalibrator);
    }

    public CalibrationStreamConfig withPartitions(int n) {
        return new CalibrationStreamConfig(predictionsTopic, feedbackTopic, calibratedTopic, modelsTopic, labelDelay,
                labelGrace, n, policy, initialCalibrator);
    }

    public CalibrationStreamConfig withInitialCalibrator(FittedCalibrator c) {
        return new CalibrationStreamConfig(predictionsTopic, feedbackTopic, calibratedTopic, modelsTopic, labelDelay,
                labelGrace, partitions, policy, Optional.ofNullable(c));
    }

    public String feedbackDeadLetterTopic() {
        return Topics.deadLetter(feedbackTopic);
    }

    public String predictionsDeadLetterTopic() {
        return Topics.deadLetter(predictionsTopic);
    }

    /** When a label counts for a prediction. */
    public LabelTiming labelTiming() {
        return new LabelTiming(labelDelay, labelGrace);
    }

    /** How long predictions wait in the store for their label. */
    Duration predictionRetention() {
        return labelTiming().retention();
    }
}
