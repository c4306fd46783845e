package io.fuzzycal.calibration.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fuzzycal.calibration.CalibrationSet;
import io.fuzzycal.calibration.metrics.CalibrationMeasures;
import io.fuzzycal.calibration.metrics.MetricReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MethodComparisonTest {
    /** Logits of a 3-class model made over-confident by a factor of 3. */
    private static CalibrationSet overconfident(int n, long seed) {
        Random random = new Random(seed);
        double[][] logits = new double[n][3];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(3);
            for (int k = 0; k < 3; k++) {
                logits[i][k] = 3 * (random.nextGaussian() + (k == y[i] ? 1.2 : 0));
            }
        }
        return CalibrationSet.ofLogits(logits, y);
    }

    private static final CalibrationSet TRAIN = overconfident(800, 1);
    private static final CalibrationSet TEST = overconfident(600, 2);

    private static ComparisonSettings settings(String... methods) {
        return ComparisonSettings.defaults().withMethods(List.of(methods)).withBootstrapResamples(200);
    }

    @Test
    void scoresEveryMethodInOrderOnTheTestSet() {
        List<String> told = new ArrayList<>();
        Comparison c = MethodComparison.run(TRAIN, TEST, settings("uncalibrated", "Temperature", "temperature+prior"),
                (method, position, total) -> told.add(method + " " + position + "/" + total));

        assertThat(told).containsExactly("uncalibrated 1/3", "temperature 2/3", "temperature+prior 3/3");
        assertThat(c.trainRows()).isEqualTo(800);
        assertThat(c.testRows()).isEqualTo(600);
        assertThat(c.classes()).isEqualTo(3);
        assertThat(c.results()).extracting(MethodResult::method)
                .containsExactly("uncalibrated", "temperature", "temperature+prior");

        MethodResult raw = c.results().get(0);
        MethodResult temperature = c.results().get(1);
        MetricReport direct = CalibrationMeasures.evaluate(TEST.probabilities(), TEST.labels(), 15);
        assertThat(raw.metrics().ece()).isCloseTo(direct.ece(), within(1e-12));
        assertThat(raw.metrics().nll()).isCloseTo(direct.nll(), within(1e-12));
        assertThat(raw.metrics().accuracy()).isEqualTo(direct.accuracy());
        assertThat(temperature.metrics().ece()).isLessThan(raw.metrics().ece() / 2);
        assertThat(temperature.metrics().nll()).isLessThan(raw.metrics().nll());
        assertThat(raw.versusUncalibrated().pValue()).isEqualTo(1.0);
        assertThat(raw.reliability()).hasSize(15);
        assertThat(raw.eceInterval().resamples()).isEqualTo(200);
        // the interval is the raw ECE's and lies around it (lower <= upper alone holds for any interval)
        assertThat(raw.eceInterval().estimate()).isCloseTo(raw.metrics().ece(), within(1e-12));
        assertThat(raw.eceInterval().lower()).isLessThan(raw.metrics().ece());
        assertThat(raw.eceInterval().upper()).isGreaterThan(raw.metrics().ece());
        assertThat(raw.targetPrior()).isNull();
        assertThat(c.results().get(2).targetPrior()).hasSize(3);
        // Against itself the paired difference is zero (up to rounding); temperature's lies below zero.
        assertThat(raw.eceChange().lower()).isCloseTo(0, within(1e-12));
        assertThat(raw.eceChange().upper()).isCloseTo(0, within(1e-12));
        assertThat(temperature.eceChange().estimate())
                .isCloseTo(temperature.metrics().ece() - raw.metrics().ece(), within(1e-12));
        assertThat(temperature.eceChange().upper()).isNegative();
    }

    @Test
    void isDeterministicForASeed() {
        ComparisonSettings s = settings("affine", "fuzzy").withOptions(
                ComparisonSettings.defaults().options().withFuzzy(
                        ComparisonSettings.defaults().options().fuzzy().withMaxEpochs(20)));
        assertThat(MethodComparison.run(TRAIN, TEST, s, MethodComparison.Progress.NONE).results().toString())
                .isEqualTo(MethodComparison.run(TRAIN, TEST, s, MethodComparison.Progress.NONE).results().toString());
    }

    @Test
    void repeatedNamesAreFittedOnce() {
        Comparison c = MethodComparison.run(TRAIN, TEST, settings("temperature", " TEMPERATURE "),
                MethodComparison.Progress.NONE);
        assertThat(c.results()).hasSize(1);
    }

    @Test
    void withoutBootstrapThereIsNoInterval() {
        Comparison c = MethodComparison.run(TRAIN, TEST, settings("uncalibrated").withBootstrapResamples(0),
                MethodComparison.Progress.NONE);
        assertThat(c.results().get(0).eceInterval()).isNull();
        assertThat(c.results().get(0).eceChange()).isNull();
    }

    @Test
    void unknownMethodFailsBeforeAnythingIsFitted() {
        List<String> told = new ArrayList<>();
        assertThatThrownBy(() -> MethodComparison.run(TRAIN, TEST, settings("temperature", "platt"),
                (m, p, t) -> told.add(m)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("platt");
        assertThat(told).isEmpty();
    }

    @Test
    void needsLabelsAndMatchingClasses() {
        assertThatThrownBy(() -> MethodComparison.run(TRAIN, TEST.withoutLabels(), settings("temperature"),
                MethodComparison.Progress.NONE)).hasMessageContaining("test set has no labels");
        CalibrationSet twoClasses = CalibrationSet.ofProbabilities(new double[][] {{0.5, 0.5}}, new int[] {0});
        assertThatThrownBy(() -> MethodComparison.run(TRAIN, twoClasses, settings("temperature"),
                MethodComparison.Progress.NONE)).hasMessageContaining("3 classes but the test set has 2");
    }

    @Test
    void settingsRejectBadValues() {
        assertThatThrownBy(() -> ComparisonSettings.defaults().withMethods(List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ComparisonSettings.defaults().withBins(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ComparisonSettings.defaults().withBootstrapResamples(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
