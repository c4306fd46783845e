package io.fuzzycal.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InferenceEngineTest {
    private static final int BEARISH = 0;
    private static final int BULLISH = 1;
    private static final int NEUTRAL = 2;

    private static InferenceEngine engine;

    @BeforeAll
    static void open() throws IOException {
        engine = InferenceEngine.open(TestBundles.defaultBundle(),
                EngineOptions.defaults().withVariants(Precision.FP32).withIntraOpThreads(2));
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void knownTextsGetTheExpectedLabels() throws IOException {
        List<String> texts = List.of(
                "Stocks plunge as company misses earnings badly",
                "Shares soar after record profit beat",
                "The company will hold its annual shareholder meeting on Tuesday",
                "$TSLA downgraded to sell at Goldman",
                "Upgrade: analysts raise price target on $NVDA to $500");
        List<ModelOutput> p = engine.classify(Precision.FP32, texts);
        assertThat(p).extracting(ModelOutput::predictedClass).containsExactly(BEARISH, BULLISH, NEUTRAL, BEARISH, BULLISH);
        assertThat(engine.labels()).containsExactly("Bearish", "Bullish", "Neutral");
        assertThat(p.get(0).probabilities()[BEARISH]).isGreaterThan(0.9);
    }

    @Test
    void aBatchGivesTheSameLogitsAsOneTextAtATime() throws IOException {
        List<String> texts = sampleTexts(40);
        List<ModelOutput> batched = engine.classify(Precision.FP32, texts);
        for (int i = 0; i < texts.size(); i++) {
            ModelOutput single = engine.classify(Precision.FP32, List.of(texts.get(i))).get(0);
            assertLogitsClose(batched.get(i), single, 1e-4);
        }
    }

    @Test
    void lengthGroupedBatchesReturnResultsInInputOrder() throws IOException {
        // longest first, so sorting by length reverses the order inside the run
        List<String> texts = new ArrayList<>(sampleTexts(70));
        texts.sort((a, b) -> Integer.compare(b.length(), a.length()));
        List<ModelOutput> grouped = engine.classify(Precision.FP32, texts);
        try (InferenceEngine arrival = InferenceEngine.open(TestBundles.defaultBundle(), engine.options()
                .withBatchOrder(BatchOrder.ARRIVAL).withBatchSize(7))) {
            List<ModelOutput> inOrder = arrival.classify(Precision.FP32, texts);
            for (int i = 0; i < texts.size(); i++) {
                assertLogitsClose(grouped.get(i), inOrder.get(i), 1e-4);
            }
        }
    }

    @Test
    void probabilitiesAreASoftmaxThatSumsToOne() throws IOException {
        for (ModelOutput p : engine.classify(Precision.FP32, sampleTexts(50))) {
            double sum = 0;
            for (double q : p.probabilities()) {
                assertThat(q).isBetween(0.0, 1.0);
                sum += q;
            }
            assertThat(sum).isCloseTo(1.0, within(1e-6));
            double[] expected = Softmax.of(p.logits());
            assertThat(p.probabilities()).containsExactly(expected, within(1e-12));
            assertThat(p.logits()).hasSize(3);
        }
    }

    @Test
    void textsLongerThanTheMaximumAreTruncated() throws IOException {
        String longText = String.join(" ", Collections.nCopies(600, "shares fall"));
        ModelOutput p = engine.classify(Precision.FP32, List.of(longText)).get(0);
        assertThat(p.probabilities()).hasSize(3);
    }

    @Test
    void edgeCases() throws IOException {
        assertThat(engine.classify(Precision.FP32, List.of())).isEmpty();
        assertThat(engine.classify(Precision.FP32, List.of("")).get(0).probabilities()).hasSize(3);
        assertThatThrownBy(() -> engine.classify(Precision.INT4, List.of("x")))
                .hasMessageContaining("variant INT4 was not loaded");
    }

    @Test
    void softmaxIsStableForHugeLogits() {
        double[] p = Softmax.of(new float[] {1000f, 999f, -1000f});
        assertThat(p[0] + p[1] + p[2]).isCloseTo(1.0, within(1e-12));
        assertThat(p[0]).isCloseTo(1 / (1 + Math.exp(-1)), within(1e-12));
    }

    static List<String> sampleTexts(int n) {
        try {
            List<String> all = LabelledTexts.readCsv(TestBundles.tfnsData().resolve("valid.csv"), 3).texts();
            List<String> shuffled = new ArrayList<>(all);
            Collections.shuffle(shuffled, new Random(7));
            return shuffled.subList(0, n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertLogitsClose(ModelOutput a, ModelOutput b, double tolerance) {
        assertThat(a.logits()).hasSameSizeAs(b.logits());
        for (int k = 0; k < a.logits().length; k++) {
            assertThat((double) a.logits()[k]).isCloseTo(b.logits()[k], within(tolerance));
        }
    }
}
