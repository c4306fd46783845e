package io.fuzzycal.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CalibrationSetTest {

    @Test
    void logitsAndTheirSoftmaxGiveTheSameSet() {
        double[][] logits = {{2, 0, -1}, {0.3, 0.3, 5}};
        double[][] probs = new double[2][];
        for (int i = 0; i < 2; i++) {
            probs[i] = SyntheticData.softmax(logits[i]);
        }
        CalibrationSet a = CalibrationSet.ofLogits(logits, new int[] {0, 2});
        CalibrationSet b = CalibrationSet.ofProbabilities(probs, new int[] {0, 2});
        for (int i = 0; i < 2; i++) {
            for (int k = 0; k < 3; k++) {
                assertThat(a.logProbabilities(i)[k]).isCloseTo(b.logProbabilities(i)[k], within(1e-12));
            }
        }
    }

    @Test
    void zeroProbabilitiesAreClippedNotInfinite() {
        CalibrationSet s = CalibrationSet.ofProbabilities(new double[][] {{1, 0}}, null);
        assertThat(s.logProbabilities(0)[1]).isEqualTo(CalibrationSet.LOG_FLOOR);
    }

    @Test
    void badRowsAreNamed() {
        assertThatThrownBy(() -> CalibrationSet.ofProbabilities(new double[][] {{0.5, 0.5}, {0.5, 0.5}, {Double.NaN, 1}}, null))
                .isInstanceOfSatisfying(InvalidRowException.class, e -> assertThat(e.row()).isEqualTo(2))
                .hasMessageStartingWith("row 3:");
        assertThatThrownBy(() -> CalibrationSet.ofProbabilities(new double[][] {{0.5, 0.4}}, null))
                .hasMessageContaining("row 1: probabilities sum to 0.9");
        assertThatThrownBy(() -> CalibrationSet.ofProbabilities(new double[][] {{1.2, -0.2}}, null))
                .hasMessageContaining("expected a number in [0, 1]");
        assertThatThrownBy(() -> CalibrationSet.ofLogits(new double[][] {{1, 2}, {1, Double.POSITIVE_INFINITY}}, null))
                .hasMessageContaining("row 2: logit 1 is Infinity");
        assertThatThrownBy(() -> CalibrationSet.ofProbabilities(new double[][] {{0.5, 0.5}, {0.5, 0.5}}, new int[] {0, 2}))
                .hasMessageContaining("row 2: label 2 is out of range 0..1");
        assertThatThrownBy(() -> CalibrationSet.ofProbabilities(new double[][] {{0.5, 0.5}, {1.0}}, null))
                .hasMessageContaining("row 2: has 1 values, expected 2");
    }

    @Test
    void subsetsKeepLabelsInOrder() {
        CalibrationSet s = CalibrationSet.ofLogits(new double[][] {{1, 0}, {0, 1}, {2, 2}}, new int[] {0, 1, 1});
        CalibrationSet sub = s.subset(new int[] {2, 0});
        assertThat(sub.labels()).containsExactly(1, 0);
        assertThat(sub.logProbabilities(1)).containsExactly(s.logProbabilities(0));
        assertThat(s.classCounts()).containsExactly(1, 2);
    }
}
