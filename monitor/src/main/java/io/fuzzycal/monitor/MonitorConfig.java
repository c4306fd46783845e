package io.fuzzycal.monitor;

import io.fuzzycal.schemas.Topics;
import io.fuzzycal.schemas.feedback.LabelTiming;
import java.time.Duration;
import java.util.Objects;

/**
 * What the monitor reads and writes, its windows and its alert thresholds.
 *
 * @param calibratedTopic {@code CalibratedPrediction} records, keyed by document id
 * @param feedbackTopic labels, in calibration-stream's formats
 * @param modelsTopic {@code CalibratorModel} records: calibrator versions and promotions
 * @param metricsTopic where every closed window goes, as {@code CalibrationMetrics}
 * @param alertsTopic where raised and cleared alerts go, as {@code DriftAlert}
 * @param labelTiming label delay and grace, as in calibration-stream
 * @param windowSize length of the hopping time windows
 * @param windowAdvance how far they hop; divides {@code windowSize}
 * @param closeDelay how long after its end (in stream time) a window waits for stragglers before it closes
 * @param countWindow labelled predictions per model variant in the count window
 * @param bins equal-width (and equal-mass) bins
 * @param resamples bootstrap resamples for the ECE interval
 * @param seed bootstrap seed; with the window it fixes every interval
 * @param thresholds alert thresholds and hysteresis
 * @param partitions partitions of the internal topics; must equal the calibrated topic's
 */
public record MonitorConfig(String calibratedTopic, String feedbackTopic, String modelsTopic, String metricsTopic,
                            String alertsTopic, LabelTiming labelTiming, Duration windowSize, Duration windowAdvance,
                            Duration closeDelay, int countWindow, int bins, int resamples, long seed,
                            AlertThresholds thresholds, int partitions) {
    public MonitorConfig {
        Objects.requireNonNull(calibratedTopic, "calibrated topic");
        Objects.requireNonNull(feedbackTopic, "feedback topic");
        Objects.requireNonNull(modelsTopic, "models topic");
        Objects.requireNonNull(metricsTopic, "metrics topic");
        Objects.requireNonNull(alertsTopic, "alerts topic");
        Objects.requireNonNull(labelTiming, "label timing");
        Objects.requireNonNull(thresholds, "thresholds");
        if (windowAdvance.isNegative() || windowAdvance.isZero() || windowSize.compareTo(windowAdvance) < 0
                || windowSize.toMillis() % windowAdvance.toMillis() != 0) {
            throw new IllegalArgumentException("the window advance must be positive and divide the window size, got "
                    + windowSize + " advancing " + windowAdvance);
        }
        if (closeDelay.isNegative()) {
            throw new IllegalArgumentException("close delay must not be negative");
        }
        if (countWindow < 1 || bins < 1 || resamples < 1 || partitions < 1) {
            throw new IllegalArgumentException("count window, bins, resamples and partitions must be positive");
        }
    }

    /** Default topics, 24 h label delay with 1 h grace, 1 h windows advancing 1 min, the last 2,000 labels. */
    public static MonitorConfig defaults(int partitions) {
        return new MonitorConfig(Topics.CALIBRATED, Topics.FEEDBACK, Topics.CALIBRATION_MODELS,
                Topics.CALIBRATION_METRICS, Topics.CALIBRATION_ALERTS,
                new LabelTiming(Duration.ofHours(24), Duration.ofHours(1)), Duration.ofHours(1), Duration.ofMinutes(1),
                Duration.ZERO, 2_000, 15, 200, 42L, AlertThresholds.defaults(), partitions);
    }

    public MonitorConfig withWindows(Duration size, Duration advance, Duration delay, int count) {
        return new MonitorConfig(calibratedTopic, feedbackTopic, modelsTopic, metricsTopic, alertsTopic, labelTiming,
                size, advance, delay, count, bins, resamples, seed, thresholds, partitions);
    }

    public MonitorConfig withLabelTiming(LabelTiming timing) {
        return new MonitorConfig(calibratedTopic, feedbackTopic, modelsTopic, metricsTopic, alertsTopic, timing,
                windowSize, windowAdvance, closeDelay, countWindow, bins, resamples, seed, thresholds, partitions);
    }

    public MonitorConfig withThresholds(AlertThresholds t) {
        return new MonitorConfig(calibratedTopic, feedbackTopic, modelsTopic, metricsTopic, alertsTopic, labelTiming,
                windowSize, windowAdvance, closeDelay, countWindow, bins, resamples, seed, t, partitions);
    }

    public MonitorConfig withTopics(String calibrated, String feedback, String models, String metrics, String alerts) {
        return new MonitorConfig(calibrated, feedback, models, metrics, alerts, labelTiming, windowSize, windowAdvance,
                closeDelay, countWindow, bins, resamples, seed, thresholds, partitions);
    }

    public MonitorConfig withPartitions(int n) {
        return new MonitorConfig(calibratedTopic, feedbackTopic, modelsTopic, metricsTopic, alertsTopic, labelTiming,
                windowSize, windowAdvance, closeDelay, countWindow, bins, resamples, seed, thresholds, n);
    }

    public String calibratedDeadLetterTopic() {
        return Topics.deadLetter(calibratedTopic);
    }

    public String feedbackDeadLetterTopic() {
        return Topics.deadLetter(feedbackTopic);
    }
}
