package io.fuzzycal.calibration.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fuzzycal.calibration.InvalidRowException;
import io.fuzzycal.calibration.metrics.Metric;
import io.fuzzycal.calibration.metrics.SyntheticData;
import org.junit.jupiter.api.Test;

class BootstrapTest {
    private static final int BINS = 15;
    private static final SyntheticData.Sample DATA = SyntheticData.calibrated(2_000, 3, 11L);
    private static final double[][] OVER = SyntheticData.sharpened(DATA.probabilities(), 3.0);

    @Test
    void sameSeedSameIntervalOtherSeedOtherInterval() {
        ConfidenceInterval a = Bootstrap.interval(OVER, DATA.labels(), Metric.ECE, BINS, 300, 0.95, 42L);
        ConfidenceInterval b = Bootstrap.interval(OVER, DATA.labels(), Metric.ECE, BINS, 300, 0.95, 42L);
        ConfidenceInterval c = Bootstrap.interval(OVER, DATA.labels(), Metric.ECE, BINS, 300, 0.95, 43L);
        assertThat(b).isEqualTo(a);
        assertThat(c.estimate()).isEqualTo(a.estimate()); // the estimate does not depend on the seed
        assertThat(c.lower() != a.lower() || c.upper() != a.upper()).isTrue();
        assertThat(a.level()).isEqualTo(0.95);
        assertThat(a.resamples()).isEqualTo(300);
    }

    @Test
    void intervalContainsTheEstimate() {
        for (Metric m : new Metric[] {Metric.ECE, Metric.EQUAL_MASS_ECE, Metric.BRIER, Metric.NLL, Metric.ACCURACY}) {
            ConfidenceInterval ci = Bootstrap.interval(OVER, DATA.labels(), m, BINS, 400, 0.95, 5L);
            assertThat(ci.estimate()).as(m.key()).isEqualTo(m.compute(OVER, DATA.labels(), BINS));
            assertThat(ci.lower()).as(m.key()).isLessThan(ci.estimate());
            assertThat(ci.upper()).as(m.key()).isGreaterThan(ci.estimate());
        }
    }

    @Test
    void accuracyIntervalHasTheBinomialWidth() {
        // accuracy is a mean of N Bernoulli(a) outcomes: a 95% interval spans about 2·1.96·sqrt(a(1-a)/N)
        ConfidenceInterval ci = Bootstrap.interval(DATA.probabilities(), DATA.labels(), Metric.ACCURACY, BINS,
                2_000, 0.95, 9L);
        double a = ci.estimate();
        double expectedWidth = 2 * 1.959964 * Math.sqrt(a * (1 - a) / DATA.labels().length);
        assertThat(ci.upper() - ci.lower()).isCloseTo(expectedWidth, within(0.15 * expectedWidth));
    }

    @Test
    void moreRowsGiveANarrowerInterval() {
        // same generator and seed; 16× the rows should give roughly a quarter of the width
        SyntheticData.Sample small = SyntheticData.calibrated(400, 3, 3L);
        SyntheticData.Sample large = SyntheticData.calibrated(6_400, 3, 3L);
        ConfidenceInterval s = Bootstrap.interval(SyntheticData.sharpened(small.probabilities(), 3.0), small.labels(),
                Metric.ECE, BINS, 300, 0.9, 1L);
        ConfidenceInterval l = Bootstrap.interval(SyntheticData.sharpened(large.probabilities(), 3.0), large.labels(),
                Metric.ECE, BINS, 300, 0.9, 1L);
        assertThat(l.upper() - l.lower()).isLessThan(0.5 * (s.upper() - s.lower()));
    }

    @Test
    void higherLevelWidensTheIntervalOnTheSameResamples() {
        ConfidenceInterval narrow = Bootstrap.interval(OVER, DATA.labels(), Metric.BRIER, BINS, 300, 0.5, 8L);
        ConfidenceInterval wide = Bootstrap.interval(OVER, DATA.labels(), Metric.BRIER, BINS, 300, 0.99, 8L);
        assertThat(wide.lower()).isLessThan(narrow.lower());
        assertThat(wide.upper()).isGreaterThan(narrow.upper());
    }

    @Test
    void pairedDifferenceOfIdenticalInputsIsExactlyZero() {
        double[][] copy = new double[OVER.length][];
        for (int i = 0; i < OVER.length; i++) {
            copy[i] = OVER[i].clone();
        }
        for (Metric m : Metric.values()) {
            ConfidenceInterval ci = Bootstrap.pairedDifference(OVER, copy, DATA.labels(), m, BINS, 100, 0.95, 4L);
            assertThat(ci.estimate()).as(m.key()).isEqualTo(0.0);
            assertThat(ci.lower()).as(m.key()).isEqualTo(0.0);
            assertThat(ci.upper()).as(m.key()).isEqualTo(0.0);
        }
    }

    @Test
    void pairedDifferenceSeparatesOverconfidentFromCalibrated() {
        ConfidenceInterval worse = Bootstrap.pairedDifference(OVER, DATA.probabilities(), DATA.labels(), Metric.ECE,
                BINS, 400, 0.95, 21L);
        assertThat(worse.estimate()).isEqualTo(Metric.ECE.compute(OVER, DATA.labels(), BINS)
                - Metric.ECE.compute(DATA.probabilities(), DATA.labels(), BINS));
        assertThat(worse.lower()).isGreaterThan(0.0);
        ConfidenceInterval better = Bootstrap.pairedDifference(DATA.probabilities(), OVER, DATA.labels(),
                Metric.NLL, BINS, 400, 0.95, 21L);
        assertThat(better.upper()).isLessThan(0.0);
    }

    @Test
    void pairingNarrowsTheIntervalOfADifference() {
        // The two models share per-row difficulty; resampling them together cancels it, so the
        // paired interval of the Brier difference is narrower than either model's own interval
        // (unpaired, the difference would be about sqrt(2) times wider than one of them).
        ConfidenceInterval paired = Bootstrap.pairedDifference(OVER, DATA.probabilities(), DATA.labels(),
                Metric.BRIER, BINS, 400, 0.95, 2L);
        ConfidenceInterval a = Bootstrap.interval(OVER, DATA.labels(), Metric.BRIER, BINS, 400, 0.95, 2L);
        ConfidenceInterval b = Bootstrap.interval(DATA.probabilities(), DATA.labels(), Metric.BRIER, BINS, 400, 0.95, 3L);
        assertThat(paired.upper() - paired.lower())
                .isLessThan(a.upper() - a.lower())
                .isLessThan(b.upper() - b.lower());
    }

    @Test
    void quantileInterpolatesLinearlyBetweenOrderStatistics() {
        double[] sorted = {1, 2, 3, 4, 5};
        // h = (5 - 1)·q
        assertThat(Bootstrap.quantile(sorted, 0.0)).isEqualTo(1.0);
        assertThat(Bootstrap.quantile(sorted, 0.25)).isEqualTo(2.0); // h = 1
        assertThat(Bootstrap.quantile(sorted, 0.1)).isCloseTo(1.4, within(1e-12)); // h = 0.4
        assertThat(Bootstrap.quantile(sorted, 0.975)).isCloseTo(4.9, within(1e-12)); // h = 3.9
        assertThat(Bootstrap.quantile(sorted, 1.0)).isEqualTo(5.0);
        assertThat(Bootstrap.quantile(new double[] {7}, 0.3)).isEqualTo(7.0);
    }

    @Test
    void rejectsBadInput() {
        int[] y = DATA.labels();
        assertThatThrownBy(() -> Bootstrap.interval(OVER, y, Metric.ECE, BINS, 0, 0.95, 1L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resamples");
        assertThatThrownBy(() -> Bootstrap.interval(OVER, y, Metric.ECE, BINS, 10, 1.0, 1L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("level");
        assertThatThrownBy(() -> Bootstrap.interval(OVER, y, null, BINS, 10, 0.9, 1L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metric");
        double[][] bad = OVER.clone();
        bad[4] = new double[] {0.2, 0.2, Double.NaN};
        assertThatThrownBy(() -> Bootstrap.interval(bad, y, Metric.BRIER, BINS, 10, 0.9, 1L))
                .isInstanceOf(InvalidRowException.class).hasMessageStartingWith("row 5: ");
        assertThatThrownBy(() -> Bootstrap.pairedDifference(OVER, bad, y, Metric.BRIER, BINS, 10, 0.9, 1L))
                .isInstanceOf(InvalidRowException.class).hasMessageStartingWith("row 5: second probabilities: ");
        double[][] twoClasses = {{0.5, 0.5}, {0.5, 0.5}};
        double[][] threeClasses = {{0.5, 0.25, 0.25}, {0.5, 0.25, 0.25}};
        assertThatThrownBy(() -> Bootstrap.pairedDifference(twoClasses, threeClasses, new int[] {0, 1}, Metric.BRIER,
                BINS, 10, 0.9, 1L)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("classes");
    }
}
