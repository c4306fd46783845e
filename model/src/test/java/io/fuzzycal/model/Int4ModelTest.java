package io.fuzzycal.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The default bundle's INT4 twin, from the project's quantizer, against its FP32 model. */
class Int4ModelTest {

    @Test
    void int4LogitsStayCloseToFp32() throws IOException {
        ModelBundle bundle = TestBundles.defaultBundle();
        List<String> texts = InferenceEngineTest.sampleTexts(300);
        List<ModelOutput> fp32;
        List<ModelOutput> int4;
        try (InferenceEngine engine = InferenceEngine.open(bundle, EngineOptions.defaults().withIntraOpThreads(2))) {
            fp32 = engine.classify(Precision.FP32, texts);
            int4 = engine.classify(Precision.INT4, texts);
        }
        double maxDiff = 0;
        double sumDiff = 0;
        int agree = 0;
        for (int i = 0; i < texts.size(); i++) {
            float[] a = fp32.get(i).logits();
            float[] b = int4.get(i).logits();
            for (int k = 0; k < a.length; k++) {
                double d = Math.abs(a[k] - b[k]);
                maxDiff = Math.max(maxDiff, d);
                sumDiff += d;
            }
            agree += fp32.get(i).predictedClass() == int4.get(i).predictedClass() ? 1 : 0;
        }
        double meanDiff = sumDiff / (3.0 * texts.size());
        double agreement = agree / (double) texts.size();
        System.out.printf("INT4 vs FP32 on 300 tweets: max |dlogit| %.3f, mean %.3f, argmax agreement %.3f%n",
                maxDiff, meanDiff, agreement);
        assertThat(Files.size(bundle.modelFile(Precision.INT4))).isLessThanOrEqualTo(Files.size(bundle.modelFile(Precision.FP32)) / 5);
        // Measured here (ORT 1.29.0, 2 cores): max 1.087, mean 0.247, agreement 0.943 — the bounds
        // leave room for another CPU's rounding, not for a broken quantizer (a wrong nibble order
        // gives logits of noise and agreement near chance).
        assertThat(meanDiff).isLessThan(0.35);
        assertThat(maxDiff).isLessThan(1.6);
        assertThat(agreement).isGreaterThanOrEqualTo(0.90);
    }
}
