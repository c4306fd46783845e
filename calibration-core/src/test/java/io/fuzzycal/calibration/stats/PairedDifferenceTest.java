package io.fuzzycal.calibration.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PairedDifferenceTest {
    @Test
    void meanStandardErrorAndWinsOfTheDifferences() {
        double[] a = {1, 2, 3, 4};
        double[] b = {2, 2, 1, 1};
        // differences -1, 0, 2, 3: mean 1, sample sd sqrt(((4 + 1 + 1 + 4) / 3)) = sqrt(10/3)
        PairedDifference d = PairedDifference.of(a, b);
        assertThat(d.mean()).isCloseTo(1.0, within(1e-12));
        assertThat(d.standardError()).isCloseTo(Math.sqrt(10.0 / 3) / 2, within(1e-12));
        assertThat(d.wins()).isEqualTo(1);
        assertThat(d.n()).isEqualTo(4);
        assertThat(d.upper(1.96)).isCloseTo(1 + 1.96 * Math.sqrt(10.0 / 3) / 2, within(1e-12));
    }

    @Test
    void unequalSeriesAreRejected() {
        assertThatThrownBy(() -> PairedDifference.of(new double[] {1}, new double[] {1, 2}))
                .hasMessageContaining("equally long");
    }

    @Test
    void meanAndErrorOfASeries() {
        MeanAndError m = MeanAndError.of(new double[] {1, 3});
        assertThat(m.mean()).isEqualTo(2.0);
        assertThat(m.standardError()).isCloseTo(1.0, within(1e-12));
        assertThat(MeanAndError.of(new double[] {5}).standardError()).isZero();
    }
}
