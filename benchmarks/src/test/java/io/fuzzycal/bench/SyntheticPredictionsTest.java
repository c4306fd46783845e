package io.fuzzycal.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.fuzzycal.schemas.avro.Prediction;
import io.fuzzycal.schemas.avro.Variant;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The input of {@code bench calibrate-stream}: over-confident, both variants per document, keyed and labelled by id. */
class SyntheticPredictionsTest {
    @Test
    void syntheticPredictionsAreOverConfidentWithBothVariantsPerDocument() {
        SyntheticPredictions data = new SyntheticPredictions(4000, 7);
        int correct = 0;
        double confidence = 0;
        for (int d = 0; d < data.documents(); d++) {
            Prediction fp32 = data.prediction(d, Variant.FP32);
            Prediction int4 = data.prediction(d, Variant.INT4);
            assertThat(int4.getDocumentId()).isEqualTo(fp32.getDocumentId());
            assertThat(fp32.getLabels()).containsExactly("Bearish", "Bullish", "Neutral");
            assertThat(fp32.getProbabilities().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1, offset(1e-9));
            double max = 0;
            int argmax = 0;
            for (int k = 0; k < 3; k++) {
                if (fp32.getProbabilities().get(k) > max) {
                    max = fp32.getProbabilities().get(k);
                    argmax = k;
                }
            }
            confidence += max;
            correct += argmax == data.label(d) ? 1 : 0;
        }
        double accuracy = (double) correct / data.documents();
        assertThat(confidence / data.documents()).as("mean confidence vs accuracy %s", accuracy).isGreaterThan(accuracy + 0.1);
    }

    @Test
    void recordsAreKeyedByDocumentIdAndLabelsAreTheJsonTheFeedbackTopicTakes() {
        SyntheticPredictions data = new SyntheticPredictions(3, 7);
        assertThat(new String(data.key(2), StandardCharsets.UTF_8)).isEqualTo("bench-doc-0000002");
        assertThat(new String(data.labelJson(2), StandardCharsets.UTF_8))
                .isEqualTo("{\"id\": \"bench-doc-0000002\", \"label\": " + data.label(2) + "}");
        assertThat(data.prediction(2, Variant.INT4).getModelId()).isEqualTo(SyntheticPredictions.MODEL_ID);
    }
}
