package io.fuzzycal.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fuzzycal.calibration.metrics.CalibrationMeasures;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PriorCorrectionTest {

    /**
     * Label-shift data with a known Bayes posterior: the class y draws scores z ~ N(2·e_y, I), so
     * under a prior π the exact posterior is softmax(2z + log π). The "model" reports the posterior
     * under the source prior; the data are drawn under {@code drawPrior}.
     */
    static CalibrationSet labelShift(int n, double[] drawPrior, double[] modelPrior, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] logits = new double[n][3];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = SyntheticData.draw(drawPrior, random);
            for (int k = 0; k < 3; k++) {
                double z = (k == y[i] ? 2 : 0) + SyntheticData.gaussian(random);
                logits[i][k] = 2 * z + Math.log(modelPrior[k]);
            }
        }
        return CalibrationSet.ofLogits(logits, y);
    }

    private static final double[] SOURCE = {0.2, 0.3, 0.5};
    private static final double[] TARGET = {0.6, 0.3, 0.1};

    @Test
    void emRecoversAKnownPriorWithoutLabels() {
        CalibrationSet shifted = labelShift(20_000, TARGET, SOURCE, 1);
        PriorCorrection.EmEstimate estimate = PriorCorrection.estimateByEm(shifted.probabilities(), SOURCE);
        assertThat(estimate.converged()).isTrue();
        for (int k = 0; k < 3; k++) {
            assertThat(estimate.prior()[k]).as("class %d", k).isCloseTo(TARGET[k], within(0.02));
        }
    }

    @Test
    void emKeepsThePriorWhenThereIsNoShift() {
        CalibrationSet same = labelShift(20_000, SOURCE, SOURCE, 2);
        double[] prior = PriorCorrection.estimateByEm(same.probabilities(), SOURCE).prior();
        for (int k = 0; k < 3; k++) {
            assertThat(prior[k]).isCloseTo(SOURCE[k], within(0.02));
        }
    }

    @Test
    void correctionRaisesAccuracyAndLowersNllUnderAKnownPriorShift() {
        CalibrationSet calibration = labelShift(10_000, SOURCE, SOURCE, 3);
        CalibrationSet test = labelShift(10_000, TARGET, SOURCE, 4);
        for (String base : new String[] {"uncalibrated", "temperature", "fuzzy"}) {
            FittedCalibrator plain = CalibrationMethods.create(base).fit(calibration, 1);
            FittedCalibrator corrected = PriorCorrection.adapt(
                    CalibrationMethods.create(base + "+prior").fit(calibration, 1), test.withoutLabels());
            double[][] p0 = plain.calibrate(test);
            double[][] p1 = corrected.calibrate(test);
            int[] y = test.labels();
            assertThat(CalibrationMeasures.accuracy(p1, y)).as(base + " accuracy").isGreaterThan(CalibrationMeasures.accuracy(p0, y) + 0.02);
            assertThat(CalibrationMeasures.nll(p1, y)).as(base + " NLL").isLessThan(CalibrationMeasures.nll(p0, y));
        }
    }

    @Test
    void givenTargetPriorIsAppliedAsABiasShift() {
        CalibrationSet calibration = labelShift(2_000, SOURCE, SOURCE, 5);
        FittedCalibrator map = new PriorCorrection(CalibrationMethods.create("uncalibrated"), TargetPrior.given(TARGET))
                .fit(calibration, 1);
        double[] source = PriorCorrection.estimateFromLabels(calibration.labels(), 3);
        double[] in = {0.5, 0.3, 0.2};
        double[] out = map.calibrate(in);
        // p'_k ∝ p_k · π_target,k / π_source,k
        double[] expected = new double[3];
        double s = 0;
        for (int k = 0; k < 3; k++) {
            expected[k] = in[k] * TARGET[k] / source[k];
            s += expected[k];
        }
        for (int k = 0; k < 3; k++) {
            assertThat(out[k]).isCloseTo(expected[k] / s, within(1e-12));
        }
        assertThat(map.method()).isEqualTo("uncalibrated+prior");
    }

    @Test
    void uniformTargetAndNamesParse() {
        assertThat(TargetPrior.parse("uniform")).isEqualTo(TargetPrior.uniform());
        assertThat(TargetPrior.parse("EM")).isEqualTo(TargetPrior.em());
        assertThat(TargetPrior.parse("0.2, 0.3,0.5")).isEqualTo(TargetPrior.given(0.2, 0.3, 0.5));
        assertThatThrownBy(() -> TargetPrior.parse("lots")).hasMessageContaining("'bbse', 'em', 'supervised', 'uniform'");
        assertThat(CalibrationMethods.create("prior").method()).isEqualTo("uncalibrated+prior");
    }

    @Test
    void aClassNeverSeenKeepsAPositiveSourcePrior() {
        double[] prior = PriorCorrection.estimateFromLabels(new int[] {0, 0, 1, 1, 1}, 3);
        assertThat(prior[2]).isPositive();
        assertThat(prior[0] + prior[1] + prior[2]).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void badPriorsAreRejectedWithTheReason() {
        CalibrationSet calibration = labelShift(200, SOURCE, SOURCE, 6);
        assertThatThrownBy(() -> new PriorCorrection(CalibrationMethods.create("temperature"), TargetPrior.given(0.5, 0.5))
                .fit(calibration, 1)).hasMessageContaining("target prior must have 3 entries");
        assertThatThrownBy(() -> new PriorCorrection(CalibrationMethods.create("temperature"), TargetPrior.given(0.5, 0.6, 0.1))
                .fit(calibration, 1)).hasMessageContaining("sum to 1");
    }

    @Nested
    class WithEmTarget extends CalibratorConformanceTest {
        @Override
        Calibrator calibrator() {
            return CalibrationMethods.create("temperature+prior");
        }
    }

    @Nested
    class PriorAlone extends CalibratorConformanceTest {
        @Override
        Calibrator calibrator() {
            return CalibrationMethods.create("prior");
        }
    }
}
