package io.fuzzycal.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AutoCalibratorTest extends CalibratorConformanceTest {
    @Override
    Calibrator calibrator() {
        return CalibrationMethods.create("auto");
    }

    private static AutoCalibrator auto(AutoOptions o) {
        return new AutoCalibrator(o, MethodOptions.defaults());
    }

    @Test
    void smallWindowsGetTheSimplestCandidate() {
        CalibrationSet tiny = overconfident(60, 1); // under 5 rows of a class per fold
        AutoCalibrator.Selection s = auto(AutoOptions.defaults()).select(tiny, 1);
        assertThat(s.chosen()).isEqualTo("temperature");
        assertThat(s.scores()).isEmpty();
        assertThat(s.reason()).contains("too few rows");
    }

    @Test
    void largeConfidenceDependentMiscalibrationGetsTheFuzzyMap() {
        CalibrationSet data = SyntheticData.confidenceDependentMiscalibration(8_000, 2);
        AutoOptions o = AutoOptions.defaults().withCandidates(List.of("temperature", "fuzzy"));
        AutoCalibrator.Selection s = auto(o).select(data, 1);
        assertThat(s.scores()).hasSize(2);
        assertThat(s.chosen()).isEqualTo("fuzzy");
    }

    @Test
    void theRulePrefersTheSimplerMethodOnPureTemperatureMiscalibration() {
        // Over-confidence by a single temperature: every candidate can fix it, so the simplest is kept.
        CalibrationSet data = overconfident(3_000, 3);
        for (AutoOptions.Rule rule : List.of(AutoOptions.Rule.ONE_SE, AutoOptions.Rule.PAIRED_ONE_SE)) {
            AutoCalibrator.Selection s = auto(AutoOptions.defaults().withRule(rule)
                    .withCandidates(List.of("temperature", "dirichlet"))).select(data, 1);
            assertThat(s.chosen()).as(rule.name()).isEqualTo("temperature");
        }
    }

    @Test
    void theDefaultsScoreNllOnSmallFoldsAndEceOnLargeOnesWithThePairedRule() {
        assertThat(AutoOptions.defaults().criterion()).isEqualTo(AutoOptions.Criterion.BY_SIZE);
        assertThat(AutoOptions.defaults().rule()).isEqualTo(AutoOptions.Rule.PAIRED_ONE_SE);
        assertThat(AutoOptions.Criterion.BY_SIZE.forFoldRows(999)).isEqualTo(AutoOptions.Criterion.NLL);
        assertThat(AutoOptions.Criterion.BY_SIZE.forFoldRows(1_000)).isEqualTo(AutoOptions.Criterion.ECE);
        assertThat(AutoOptions.Criterion.NLL.forFoldRows(5_000)).isEqualTo(AutoOptions.Criterion.NLL);
    }

    @Test
    void aSteadyGainAcrossFoldsOutweighsHowMuchTheFoldsDiffer() {
        // Folds that differ a lot in difficulty (SE of the best's scores: sd 0.158 / √5 = 0.0707) and a
        // simpler method worse by 0.02 on every fold: the unpaired rule keeps it, the paired one (SE 0)
        // does not, and LOWEST never does.
        double[] best = {0.50, 0.60, 0.70, 0.80, 0.90};
        double[] steadilyWorse = {0.52, 0.62, 0.72, 0.82, 0.92};
        assertThat(AutoOptions.Rule.ONE_SE.keepsSimpler(steadilyWorse, best)).isTrue();
        assertThat(AutoOptions.Rule.PAIRED_ONE_SE.keepsSimpler(steadilyWorse, best)).isFalse();
        assertThat(AutoOptions.Rule.LOWEST.keepsSimpler(steadilyWorse, best)).isFalse();
        // Differences +0.03 −0.01 +0.02 −0.02 0: mean 0.004, sd 0.0207, paired SE 0.0093 ≥ mean: a tie.
        double[] noisyTie = {0.53, 0.59, 0.72, 0.78, 0.90};
        assertThat(AutoOptions.Rule.PAIRED_ONE_SE.keepsSimpler(noisyTie, best)).isTrue();
        assertThatThrownBy(() -> AutoOptions.Rule.PAIRED_ONE_SE.keepsSimpler(new double[4], best))
                .hasMessageContaining("differ in length");
    }

    @Test
    void thePairedRuleNamesItselfInTheReason() {
        CalibrationSet data = overconfident(3_000, 3);
        AutoCalibrator.Selection s = auto(AutoOptions.defaults().withCandidates(List.of("temperature", "dirichlet")))
                .select(data, 1);
        assertThat(s.reason()).satisfiesAnyOf(r -> assertThat(r).contains("paired standard error"),
                r -> assertThat(r).contains("lowest mean fold NLL"));
    }

    @Test
    void theFitIsTheChosenMethodFittedOnAllRows() {
        CalibrationSet data = overconfident(2_000, 4);
        AutoCalibrator.Fit fit = auto(AutoOptions.defaults()).fitWithSelection(data, 7);
        assertThat(fit.calibrator().method()).isEqualTo(fit.selection().chosen());
        assertThat(fit.calibrator()).isEqualTo(CalibrationMethods.create(fit.selection().chosen()).fit(data, 7));
    }

    @Test
    void autoIsANameTheFactoryAndPriorSuffixKnow() {
        assertThat(CalibrationMethods.create("AUTO").method()).isEqualTo("auto");
        assertThat(CalibrationMethods.create("auto+prior").method()).isEqualTo("auto+prior");
        assertThat(CalibrationMethods.isFittable("auto")).isTrue();
    }

    @Test
    void badOptionsAreRejected() {
        assertThatThrownBy(() -> AutoOptions.defaults().withFolds(1)).hasMessageContaining("at least 2 folds");
        assertThatThrownBy(() -> AutoOptions.defaults().withCandidates(List.of("uncalibrated")))
                .hasMessageContaining("auto candidates");
        assertThatThrownBy(() -> AutoOptions.defaults().withCandidates(List.of())).hasMessageContaining("at least one");
    }

    @Test
    void foldsAreStratifiedAndBalanced() {
        int[] labels = overconfident(1_003, 5).labels();
        int[] fold = StratifiedFolds.assign(labels, 3, 5, 9);
        int[] sizes = new int[5];
        for (int f : fold) {
            sizes[f]++;
        }
        assertThat(java.util.Arrays.stream(sizes).max().getAsInt() - java.util.Arrays.stream(sizes).min().getAsInt())
                .isLessThanOrEqualTo(1);
        assertThat(StratifiedFolds.rows(fold, 2, true).length + StratifiedFolds.rows(fold, 2, false).length)
                .isEqualTo(labels.length);
    }
}
