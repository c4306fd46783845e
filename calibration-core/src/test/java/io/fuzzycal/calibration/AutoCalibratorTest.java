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
    void theOneStandardErrorRulePrefersTheSimplerMethodOnPureTemperatureMiscalibration() {
        // Over-confidence by a single temperature: every candidate can fix it, so the simplest is kept.
        CalibrationSet data = overconfident(3_000, 3);
        AutoCalibrator.Selection s = auto(AutoOptions.defaults().withCandidates(List.of("temperature", "dirichlet")))
                .select(data, 1);
        AutoCalibrator.CandidateScore best = s.scores().stream()
                .min(java.util.Comparator.comparingDouble(AutoCalibrator.CandidateScore::mean)).orElseThrow();
        AutoCalibrator.CandidateScore chosen = s.scores().stream().filter(c -> c.method().equals(s.chosen()))
                .findFirst().orElseThrow();
        assertThat(chosen.mean()).isLessThanOrEqualTo(best.mean() + best.standardError());
        assertThat(s.chosen()).isEqualTo("temperature");
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
