package io.fuzzycal.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fuzzycal.calibration.metrics.CalibrationMeasures;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The default (BBSE) prior correction and every way the guard refuses one. */
class PriorGuardTest {
    private static final double[] SOURCE = {0.2, 0.3, 0.5};
    private static final double[] TARGET = {0.6, 0.3, 0.1};

    @Test
    void defaultEstimatorRecoversAPureLabelShiftWithin002AndRaisesAccuracy() {
        CalibrationSet calibration = PriorCorrectionTest.labelShift(10_000, SOURCE, SOURCE, 11);
        CalibrationSet test = PriorCorrectionTest.labelShift(10_000, TARGET, SOURCE, 12);
        assertThat(MethodOptions.defaults().targetPrior()).isEqualTo(TargetPrior.bbse());
        FittedCalibrator plain = CalibrationMethods.create("temperature").fit(calibration, 1);
        PriorCorrection.Adaptation a = PriorCorrection.adaptWithReport(
                CalibrationMethods.create("temperature+prior").fit(calibration, 1), test.withoutLabels());
        assertThat(a.refused()).as(a.refusal()).isFalse();
        for (int k = 0; k < 3; k++) {
            assertThat(a.estimate()[k]).as("class %d", k).isCloseTo(TARGET[k], within(0.02));
        }
        int[] y = test.labels();
        double before = CalibrationMeasures.accuracy(plain.calibrate(test), y);
        double after = CalibrationMeasures.accuracy(a.map().calibrate(test), y);
        assertThat(after).isGreaterThan(before + 0.02);
    }

    @Test
    void bbseRecoversThePriorEvenFromMiscalibratedPosteriorsWhereEmDoesNot() {
        // Over-confident model (logits ×3): EM assumes calibrated posteriors, BBSE only an invertible confusion.
        CalibrationSet source = sharpened(PriorCorrectionTest.labelShift(20_000, SOURCE, SOURCE, 13), 3);
        CalibrationSet target = sharpened(PriorCorrectionTest.labelShift(20_000, TARGET, SOURCE, 14), 3);
        double[] bbse = PriorCorrection.estimateByBbse(source.probabilities(), source.labels(), target.probabilities());
        double[] em = PriorCorrection.estimateByEm(target.probabilities(), SOURCE).prior();
        double bbseError = 0;
        double emError = 0;
        for (int k = 0; k < 3; k++) {
            bbseError = Math.max(bbseError, Math.abs(bbse[k] - TARGET[k]));
            emError = Math.max(emError, Math.abs(em[k] - TARGET[k]));
        }
        assertThat(bbseError).isLessThan(0.02);
        assertThat(emError).isGreaterThan(bbseError);
    }

    @Test
    void refusesWhenTheEstimatorDoesNotRecoverTheFitDataPrior() {
        // EM on the raw outputs of a badly over-confident model: its fit-data estimate drifts away.
        CalibrationSet data = biasedOverconfident(5_000, 15);
        FittedCalibrator map = new PriorCorrection(CalibrationMethods.create("uncalibrated"), TargetPrior.em())
                .fit(data, 1);
        PriorCorrection.Adaptation a = PriorCorrection.adaptWithReport(map, data.withoutLabels());
        assertThat(a.refusal()).contains("does not recover the fit data's own label prior");
        assertSameOutputs(a.map().calibrate(data), FittedCalibrator.identity(3).calibrate(data));
    }

    @Test
    void refusesACorrectionThatRaisesNllOnTheLabelledFitData() {
        CalibrationSet data = biasedOverconfident(5_000, 16);
        double[] source = PriorCorrection.estimateFromLabels(data.labels(), 3);
        // With recovery checking switched off, the NLL check alone must catch EM's harmful estimate.
        String refusal = PriorGuard.fitTimeRefusal(TargetPrior.Kind.EM, data.probabilities(), data.labels(), source,
                null, 1.0, PriorGuard.NLL_TOLERANCE);
        assertThat(refusal).contains("raises their NLL by");
    }

    @Test
    void refusesAnInsignificantShiftAndLeavesTheBaseOutput() {
        CalibrationSet calibration = PriorCorrectionTest.labelShift(2_000, SOURCE, SOURCE, 17);
        CalibrationSet test = PriorCorrectionTest.labelShift(2_000, SOURCE, SOURCE, 18);
        FittedCalibrator base = CalibrationMethods.create("temperature").fit(calibration, 1);
        PriorCorrection.Adaptation a = PriorCorrection.adaptWithReport(
                CalibrationMethods.create("temperature+prior").fit(calibration, 1), test.withoutLabels());
        assertThat(a.refusal()).contains("not significant");
        assertThat(a.estimate()).isNotNull();
        assertSameOutputs(a.map().calibrate(test), base.calibrate(test));
    }

    private static void assertSameOutputs(double[][] got, double[][] expected) {
        assertThat(got.length).isEqualTo(expected.length);
        for (int i = 0; i < got.length; i++) {
            for (int k = 0; k < got[i].length; k++) {
                assertThat(got[i][k]).isCloseTo(expected[i][k], within(1e-12));
            }
        }
    }

    @Test
    void theSourceSideSpreadComesFromTheFitRowsAndCanRefuseWhatTheBinomialLetsThrough() {
        CalibrationSet calibration = PriorCorrectionTest.labelShift(2_000, SOURCE, SOURCE, 21);
        FittedCalibrator map = CalibrationMethods.create("temperature+prior").fit(calibration, 1);
        PriorEstimation e = ((PriorCorrectedMap) map).estimation();
        assertThat(e.sourceSpread()).hasSize(3);
        assertThat(java.util.Arrays.stream(e.sourceSpread()).min().getAsDouble()).isPositive();
        // a shifted target: significant against the measured spread ...
        double[][] posteriors = ((PriorCorrectedMap) map).base()
                .calibrate(PriorCorrectionTest.labelShift(2_000, TARGET, SOURCE, 22).withoutLabels());
        double[] source = ((PriorCorrectedMap) map).sourcePrior();
        double[] estimate = PriorGuard.estimate(e.kind(), posteriors, source, e.confusion(), null);
        assertThat(PriorGuard.insignificance(e.kind(), posteriors, source, e.sourceRows(), e.sourceSpread(),
                e.confusion(), estimate, 1)).isNull();
        // ... and not when the fit rows say the estimator is that noisy
        double[] wide = {1.0, 1.0, 1.0};
        assertThat(PriorGuard.insignificance(e.kind(), posteriors, source, e.sourceRows(), wide, e.confusion(),
                estimate, 1)).contains("not significant");
    }

    @Test
    void aCalibratorFileWithoutTheSpreadFallsBackToTheBinomial() {
        CalibrationSet calibration = PriorCorrectionTest.labelShift(1_000, SOURCE, SOURCE, 23);
        FittedCalibrator map = CalibrationMethods.create("temperature+prior").fit(calibration, 1);
        String json = CalibratorJson.write(map, java.util.Map.of());
        assertThat(json).contains("sourceSpread");
        PriorCorrectedMap back = (PriorCorrectedMap) CalibratorJson.read(json);
        assertThat(back.estimation().sourceSpread()).containsExactly(((PriorCorrectedMap) map).estimation().sourceSpread());
        String legacy = json.replaceAll("\"sourceSpread\"\\s*:\\s*\\[[^]]*],?", "");
        assertThat(legacy).doesNotContain("sourceSpread");
        assertThat(((PriorCorrectedMap) CalibratorJson.read(legacy)).estimation().sourceSpread()).isNull();
    }

    @Test
    void refusesWhenTheConfusionMatrixIsSingular() {
        // A model that outputs the same vector for every row cannot tell the classes apart.
        int n = 300;
        double[][] p = new double[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = new double[] {0.2, 0.3, 0.5};
            y[i] = i % 3;
        }
        CalibrationSet flat = CalibrationSet.ofProbabilities(p, y);
        FittedCalibrator map = CalibrationMethods.create("prior").fit(flat, 1);
        PriorCorrection.Adaptation a = PriorCorrection.adaptWithReport(map, flat.withoutLabels());
        assertThat(a.refusal()).contains("singular");
    }

    @Test
    void supervisedTakesThePriorFromTargetLabels() {
        CalibrationSet calibration = PriorCorrectionTest.labelShift(2_000, SOURCE, SOURCE, 19);
        CalibrationSet slice = PriorCorrectionTest.labelShift(300, TARGET, SOURCE, 20);
        FittedCalibrator map = new PriorCorrection(CalibrationMethods.create("temperature"), TargetPrior.supervised())
                .fit(calibration, 1);
        PriorCorrection.Adaptation a = PriorCorrection.adaptWithReport(map, slice);
        assertThat(a.estimate()).containsExactly(PriorCorrection.estimateFromLabels(slice.labels(), 3));
        assertThat(PriorCorrection.targetPriorOf(a.map())).containsExactly(a.estimate());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PriorCorrection.adapt(map, slice.withoutLabels()))
                .hasMessageContaining("labelled target rows");
    }

    @Test
    void theGuardsVerdictTravelsThroughJson() {
        CalibrationSet data = biasedOverconfident(2_000, 21);
        FittedCalibrator map = new PriorCorrection(CalibrationMethods.create("uncalibrated"), TargetPrior.em())
                .fit(data, 1);
        FittedCalibrator back = CalibratorJson.read(CalibratorJson.write(map, java.util.Map.of()));
        assertThat(back).isEqualTo(map);
        assertThat(PriorCorrection.adaptWithReport(back, data).refusal()).contains("does not recover");
    }

    @Test
    void aVariantIsReadThroughItsOwnConfusionMatrix() {
        // An "INT4" twin whose outputs lean toward class 2 (a model change, not a label shift).
        CalibrationSet fp32 = PriorCorrectionTest.labelShift(6_000, SOURCE, SOURCE, 22);
        CalibrationSet fp32Test = PriorCorrectionTest.labelShift(6_000, SOURCE, SOURCE, 23);
        CalibrationSet int4 = leaning(fp32);
        CalibrationSet int4Test = leaning(fp32Test);
        FittedCalibrator map = CalibrationMethods.create("temperature+prior").fit(fp32, 1);

        PriorCorrection.Adaptation misread = PriorCorrection.adaptWithReport(map, int4Test.withoutLabels());
        PriorCorrection.Adaptation own = PriorCorrection.adaptWithReport(PriorCorrection.forVariant(map, int4),
                int4Test.withoutLabels());
        assertThat(misread.refused()).as("the FP32 matrix takes the lean for a shift").isFalse();
        assertThat(misread.estimate()[2]).isGreaterThan(SOURCE[2] + 0.05);
        for (int k = 0; k < 3; k++) {
            assertThat(own.estimate()[k]).isCloseTo(SOURCE[k], within(0.02));
        }
        assertThat(PriorCorrection.forVariant(CalibrationMethods.create("temperature").fit(fp32, 1), int4))
                .isEqualTo(CalibrationMethods.create("temperature").fit(fp32, 1));
    }

    private static CalibrationSet leaning(CalibrationSet data) {
        double[][] logits = new double[data.size()][];
        for (int i = 0; i < data.size(); i++) {
            logits[i] = data.logProbabilities(i);
            logits[i][2] += 1.0;
        }
        return CalibrationSet.ofLogits(logits, data.labels());
    }

    private static CalibrationSet sharpened(CalibrationSet data, double factor) {
        double[][] logits = new double[data.size()][];
        for (int i = 0; i < data.size(); i++) {
            logits[i] = data.logProbabilities(i);
            for (int k = 0; k < logits[i].length; k++) {
                logits[i][k] *= factor;
            }
        }
        return CalibrationSet.ofLogits(logits, data.labels());
    }

    /** Over-confident outputs whose argmax favours class 2 far more than the labels do. */
    private static CalibrationSet biasedOverconfident(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] logits = new double[n][3];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = SyntheticData.draw(new double[] {0.4, 0.4, 0.2}, random);
            for (int k = 0; k < 3; k++) {
                logits[i][k] = 4 * ((k == y[i] ? 1 : 0) + SyntheticData.gaussian(random)) + (k == 2 ? 3 : 0);
            }
        }
        return CalibrationSet.ofLogits(logits, y);
    }
}
