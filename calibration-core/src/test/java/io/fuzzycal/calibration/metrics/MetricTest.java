package io.fuzzycal.calibration.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class MetricTest {
    private static final double[][] P = {{0.9, 0.1}, {0.35, 0.65}, {0.6, 0.4}, {0.2, 0.8}};
    private static final int[] Y = {0, 0, 1, 1};

    @Test
    void keysAreTheDocumentedNames() {
        assertThat(Arrays.stream(Metric.values()).map(Metric::key))
                .containsExactly("ece", "ece_equal_mass", "classwise_ece", "mce", "brier", "nll", "accuracy");
    }

    @Test
    void fromKeyRoundTripsAndIgnoresCaseAndBlanks() {
        for (Metric m : Metric.values()) {
            assertThat(Metric.fromKey(m.key())).isSameAs(m);
        }
        assertThat(Metric.fromKey(" ECE_Equal_Mass ")).isSameAs(Metric.EQUAL_MASS_ECE);
        assertThat(new HashSet<>(Arrays.asList(Metric.values()))).hasSize(7);
    }

    @Test
    void unknownKeyListsTheKnownOnes() {
        assertThatThrownBy(() -> Metric.fromKey("ace"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'ace'")
                .hasMessageContaining("ece, ece_equal_mass, classwise_ece, mce, brier, nll, accuracy");
        assertThatThrownBy(() -> Metric.fromKey(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void computeMatchesTheReport() {
        MetricReport r = CalibrationMeasures.evaluate(P, Y, 5);
        assertThat(Metric.ECE.compute(P, Y, 5)).isEqualTo(r.ece());
        assertThat(Metric.EQUAL_MASS_ECE.compute(P, Y, 5)).isEqualTo(r.equalMassEce());
        assertThat(Metric.CLASSWISE_ECE.compute(P, Y, 5)).isEqualTo(r.classwiseEce());
        assertThat(Metric.MCE.compute(P, Y, 5)).isEqualTo(r.mce());
        assertThat(Metric.BRIER.compute(P, Y, 5)).isEqualTo(r.brier());
        assertThat(Metric.NLL.compute(P, Y, 5)).isEqualTo(r.nll());
        assertThat(Metric.ACCURACY.compute(P, Y, 5)).isEqualTo(r.accuracy());
        // rows 1 and 4 right, 2 and 3 wrong
        assertThat(r.accuracy()).isEqualTo(0.5);
    }

    @Test
    void binsMatterOnlyToBinnedMetrics() {
        // B = 1: conf mean (.9+.65+.6+.8)/4 = .7375, acc .5 -> .2375.
        // B = 10: bins 9, 6, 6, 8 -> |1 - .9| + |0 - (.65 + .6)| + |1 - .8| = 1.55 -> 1.55 / 4 = .3875
        assertThat(Metric.ECE.compute(P, Y, 1)).isCloseTo(0.2375, within(1e-12));
        assertThat(Metric.ECE.compute(P, Y, 10)).isCloseTo(0.3875, within(1e-12));
        assertThat(Metric.BRIER.compute(P, Y, 0)).isEqualTo(Metric.BRIER.compute(P, Y, 15));
        assertThat(Metric.NLL.compute(P, Y, 0)).isEqualTo(CalibrationMeasures.nll(P, Y));
        assertThat(Metric.ACCURACY.compute(P, Y, 0)).isEqualTo(0.5);
        assertThatThrownBy(() -> Metric.MCE.compute(P, Y, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
