package io.fuzzycal.inference;

import io.fuzzycal.calibration.metrics.CalibrationMetrics;
import io.fuzzycal.calibration.metrics.MetricReport;
import java.io.IOException;
import java.util.List;

/** Accuracy and calibration of one variant of a bundle on labelled texts. */
public final class ModelEvaluation {
    private ModelEvaluation() {
    }

    /** Every metric of {@link CalibrationMetrics}, with {@value CalibrationMetrics#DEFAULT_BINS} bins. */
    public static MetricReport evaluate(InferenceEngine engine, Variant variant, LabelledTexts data) throws IOException {
        List<Prediction> predictions = engine.classify(variant, data.texts());
        double[][] p = predictions.stream().map(Prediction::probabilities).toArray(double[][]::new);
        return CalibrationMetrics.evaluate(p, data.labels(), CalibrationMetrics.DEFAULT_BINS);
    }
}
