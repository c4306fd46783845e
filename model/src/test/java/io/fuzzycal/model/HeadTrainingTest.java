package io.fuzzycal.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The pieces of head training on synthetic data: logistic regression, standardisation, the JSON file. */
class HeadTrainingTest {

    @Test
    void logisticRegressionSeparatesThreeClustersAndIsRepeatable() {
        Random random = new Random(1);
        int n = 300;
        double[][] x = new double[n][4];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int j = 0; j < 4; j++) {
                x[i][j] = random.nextGaussian() + (j == y[i] ? 3 : 0);
            }
        }
        LogisticRegression.Fit a = LogisticRegression.fit(x, y, 3, 1e-3, 42);
        LogisticRegression.Fit b = LogisticRegression.fit(x, y, 3, 1e-3, 42);
        assertThat(a.converged()).isTrue();
        assertThat(a.head()).isEqualTo(b.head()); // bit for bit
        int correct = 0;
        for (int i = 0; i < n; i++) {
            double[] z = a.head().bias();
            for (int j = 0; j < 4; j++) {
                for (int k = 0; k < 3; k++) {
                    z[k] += x[i][j] * a.head().weights()[j][k];
                }
            }
            correct += argmax(z) == y[i] ? 1 : 0;
        }
        assertThat(correct / (double) n).isGreaterThan(0.9);
        // strictly convex: another seed reaches the same optimum
        LogisticRegression.Fit c = LogisticRegression.fit(x, y, 3, 1e-3, 7);
        assertThat(c.head().weights()[0]).containsExactly(a.head().weights()[0], within(1e-5));
    }

    @Test
    void theFoldedHeadOnRawFeaturesEqualsTheHeadOnStandardisedOnes() {
        Random random = new Random(2);
        float[][] raw = new float[50][5];
        for (float[] row : raw) {
            for (int j = 0; j < row.length; j++) {
                row[j] = (float) (random.nextGaussian() * (j + 1) * 0.1 + j);
            }
        }
        Standardization s = Standardization.fit(raw);
        double[][] w = new double[5][3];
        for (double[] row : w) {
            for (int k = 0; k < 3; k++) {
                row[k] = random.nextGaussian();
            }
        }
        LinearHead standardised = new LinearHead(w, new double[] {0.1, -0.2, 0.3});
        LinearHead folded = s.fold(standardised);
        double[][] z = s.apply(raw);
        for (int i = 0; i < raw.length; i++) {
            double[] expected = standardised.bias();
            for (int j = 0; j < 5; j++) {
                for (int k = 0; k < 3; k++) {
                    expected[k] += z[i][j] * w[j][k];
                }
            }
            assertThat(folded.logits(raw[i])).containsExactly(expected, within(1e-9));
        }
    }

    @Test
    void aFeatureThatIsOnlyFloatNoiseIsIgnored() {
        Random random = new Random(3);
        float[][] x = new float[100][4];
        for (float[] row : x) {
            row[0] = (float) random.nextGaussian();
            row[1] = (float) (0.05 * random.nextGaussian());
            row[2] = (float) (-3e-8 + 1e-8 * random.nextGaussian()); // like MiniLM's pooled dimension 319
            row[3] = 7f; // constant
        }
        Standardization s = Standardization.fit(x);
        assertThat(s.ignores(0)).isFalse();
        assertThat(s.ignores(1)).isFalse();
        assertThat(s.ignores(2)).isTrue();
        assertThat(s.ignores(3)).isTrue();
        assertThat(s.apply(x)[5][2]).isZero();
        LinearHead folded = s.fold(new LinearHead(new double[][] {{1, 1}, {1, 1}, {1, 1}, {1, 1}}, new double[] {0, 0}));
        assertThat(folded.weights()[2]).containsExactly(0, 0);
        assertThat(folded.weights()[3]).containsExactly(0, 0);
        assertThat(folded.weights()[1][0]).isCloseTo(1 / s.std()[1], within(1e-9));
    }

    @Test
    void aTrainedHeadSurvivesItsJsonFile() throws IOException {
        TrainingFacts facts = new TrainingFacts("train.csv", "ab", "cd", 10, 0.9, 0, Double.NaN, Double.NaN, 1e-3, 42, 12,
                0.3, true, 128, 32, 1);
        TrainedHead head = new TrainedHead("m", List.of("a", "b"),
                new LinearHead(new double[][] {{0.1, Math.PI}, {-1e-17, 2}}, new double[] {1, -1}), facts);
        TrainedHead back = TrainedHead.read(new ByteArrayInputStream(head.toJson()));
        assertThat(back).isEqualTo(head);
        assertThat(back.facts().validAccuracy()).isNaN();
    }

    @Test
    void theCommittedHeadIsTheDefaultModelsHead() throws IOException {
        TrainedHead committed = TrainedHead.committed();
        assertThat(committed.modelId()).isEqualTo(DefaultModelBuilder.MODEL_ID);
        assertThat(committed.labels()).isEqualTo(DefaultModelBuilder.LABELS);
        assertThat(committed.head().inputs()).isEqualTo(384);
        assertThat(committed.facts().rows()).isEqualTo(9543);
        assertThat(committed.facts().converged()).isTrue();
        assertThat(committed.facts().l2()).isEqualTo(DefaultModelBuilder.L2);
    }

    private static int argmax(double[] z) {
        int best = 0;
        for (int k = 1; k < z.length; k++) {
            best = z[k] > z[best] ? k : best;
        }
        return best;
    }
}
