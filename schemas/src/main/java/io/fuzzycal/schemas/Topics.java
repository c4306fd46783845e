package io.fuzzycal.schemas;

/**
 * Default topic names of the fuzzycal contract (see DESIGN.md); every service lets each be
 * overridden. Keys are document ids, so the predictions and the feedback of one document share a
 * partition.
 */
public final class Topics {
    /** Texts to score: {@code NewsText} Avro, plain UTF-8 text, or JSON {@code {"id","text",...}}. */
    public static final String NEWS_TEXT = "news.text";
    /** One {@code Prediction} per text and model variant (FP32, INT4). */
    public static final String PREDICTIONS = "sentiment.predictions";
    /** Labels for document ids, from users and labelling tools. */
    public static final String FEEDBACK = "sentiment.feedback";
    /** Raw and calibrated probabilities with the calibrator version. */
    public static final String CALIBRATED = "sentiment.calibrated";
    /** Compacted: the current calibrator per model id; its history is the audit trail. */
    public static final String CALIBRATION_MODELS = "calibration.models";
    /** Rolling calibration metrics per variant and stage. */
    public static final String CALIBRATION_METRICS = "calibration.metrics";
    /** Drift alerts per variant and stage. */
    public static final String CALIBRATION_ALERTS = "calibration.alerts";

    private static final String DLQ_SUFFIX = ".dlq";

    private Topics() {
    }

    /** The dead-letter topic of {@code topic}: original key and bytes, with error headers. */
    public static String deadLetter(String topic) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("topic name is empty");
        }
        return topic + DLQ_SUFFIX;
    }
}
