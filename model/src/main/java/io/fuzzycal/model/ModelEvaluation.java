package io.fuzzycal.model;

import io.fuzzycal.calibration.metrics.CalibrationMeasures;
import io.fuzzycal.calibration.metrics.MetricReport;
import java.io.IOException;
import java.util.List;

/** Accuracy and calibration of one variant of a bundle on labelled texts. */
public final class ModelEvaluation {
    private ModelEvaluation() {
    }

    /** Every metric of {@link CalibrationMeasures}, with {@value CalibrationMeasures#DEFAULT_BINS} bins. */
    public static MetricReport evaluate(InferenceEngine engine, Precision variant, LabelledTexts data) throws IOException {
        List<ModelOutput> predictions = engine.classify(variant, data.texts());
        double[][] p = predictions.stream().map(ModelOutput::probabilities).toArray(double[][]::new);
        return CalibrationMeasures.evaluate(p, data.labels(), CalibrationMeasures.DEFAULT_BINS);
    }
}
