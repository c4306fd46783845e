package io.fuzzycal.calibration.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class McNemarTestTest {

    @Test
    void exactBranchMatchesAHandComputedBinomialTail() {
        // b = 2, c = 10, n = 12 < 25: p = 2·P(X ≤ 2), X ~ Bin(12, 1/2)
        //   = 2·(C(12,0) + C(12,1) + C(12,2)) / 2^12 = 2·(1 + 12 + 66) / 4096 = 158 / 4096 = 0.03857421875
        McNemarResult r = McNemarTest.test(2, 10);
        assertThat(r.exact()).isTrue();
        assertThat(r.pValue()).isCloseTo(0.03857421875, within(1e-12));
        assertThat(r.statistic()).isEqualTo(2.0); // min(b, c)
        assertThat(r.onlyFirstCorrect()).isEqualTo(2);
        assertThat(r.onlySecondCorrect()).isEqualTo(10);
    }

    @Test
    void exactBranchAgreesWithAnIndependentBinomialSum() {
        // largest exact case, n = 24: compare with 2·Σ_{i≤min} C(n,i) / 2^n computed with longs here
        for (int b = 0; b <= 24; b++) {
            int c = 24 - b;
            long tail = 0;
            for (int i = 0; i <= Math.min(b, c); i++) {
                tail += choose(24, i);
            }
            double expected = Math.min(1.0, 2.0 * tail / (1L << 24));
            McNemarResult r = McNemarTest.test(b, c);
            assertThat(r.exact()).isTrue();
            assertThat(r.pValue()).as("b=%d c=%d", b, c).isCloseTo(expected, within(1e-12));
        }
    }

    private static long choose(int n, int k) {
        long v = 1;
        for (int i = 1; i <= k; i++) {
            v = v * (n - k + i) / i;
        }
        return v;
    }

    @Test
    void chiSquaredBranchMatchesAHandComputedValue() {
        // b = 10, c = 30, n = 40 ≥ 25: statistic = (|10 - 30| - 1)² / 40 = 19² / 40 = 361 / 40 = 9.025
        // p = P(χ²₁ > 9.025) = erfc(sqrt(9.025 / 2)) = 0.0026631193 (from a table / erfc)
        McNemarResult r = McNemarTest.test(10, 30);
        assertThat(r.exact()).isFalse();
        assertThat(r.statistic()).isCloseTo(9.025, within(1e-12));
        assertThat(r.pValue()).isCloseTo(0.0026631193, within(1e-9));
    }

    @Test
    void switchesToChiSquaredAtTwentyFiveDiscordantPairs() {
        assertThat(McNemarTest.EXACT_BELOW).isEqualTo(25);
        assertThat(McNemarTest.test(12, 12).exact()).isTrue();
        assertThat(McNemarTest.test(12, 13).exact()).isFalse();
        // χ², b = 5, c = 20: (15 - 1)² / 25 = 7.84; P(χ²₁ > 7.84) = erfc(sqrt(3.92)) = 0.0051103
        assertThat(McNemarTest.test(5, 20).statistic()).isCloseTo(7.84, within(1e-12));
        assertThat(McNemarTest.test(5, 20).pValue()).isCloseTo(0.0051103, within(1e-6));
    }

    @Test
    void isSymmetricInItsArguments() {
        int[][] cases = {{2, 10}, {0, 7}, {10, 30}, {3, 3}, {40, 41}, {0, 100}};
        for (int[] bc : cases) {
            McNemarResult ab = McNemarTest.test(bc[0], bc[1]);
            McNemarResult ba = McNemarTest.test(bc[1], bc[0]);
            assertThat(ba.pValue()).isEqualTo(ab.pValue());
            assertThat(ba.statistic()).isEqualTo(ab.statistic());
            assertThat(ba.exact()).isEqualTo(ab.exact());
        }
    }

    @Test
    void noDiscordantPairsOrBalancedPairsGiveNoEvidence() {
        McNemarResult none = McNemarTest.test(0, 0);
        assertThat(none.pValue()).isEqualTo(1.0);
        // exact: 2·P(X ≤ 3) for Bin(6, 1/2) = 2·42/64 > 1, capped at 1
        assertThat(McNemarTest.test(3, 3).pValue()).isEqualTo(1.0);
        // χ²: b = c -> the continuity correction does not overshoot, statistic 0, p = 1
        assertThat(McNemarTest.test(30, 30).statistic()).isEqualTo(0.0);
        assertThat(McNemarTest.test(30, 30).pValue()).isEqualTo(1.0);
        // p grows as the counts get more balanced
        assertThat(McNemarTest.test(1, 11).pValue()).isLessThan(McNemarTest.test(2, 10).pValue());
    }

    @Test
    void booleanOverloadAgreesWithTheCounts() {
        SplittableRandom random = new SplittableRandom(7);
        int n = 500;
        boolean[] first = new boolean[n];
        boolean[] second = new boolean[n];
        int b = 0;
        int c = 0;
        for (int i = 0; i < n; i++) {
            first[i] = random.nextDouble() < 0.8;
            second[i] = random.nextDouble() < 0.7;
            if (first[i] && !second[i]) {
                b++;
            }
            if (second[i] && !first[i]) {
                c++;
            }
        }
        McNemarResult fromArrays = McNemarTest.test(first, second);
        assertThat(fromArrays).isEqualTo(McNemarTest.test(b, c));
        assertThat(fromArrays.onlyFirstCorrect()).isEqualTo(b).isPositive();
        assertThat(fromArrays.onlySecondCorrect()).isEqualTo(c).isPositive();

        // a small exact case by hand: rows (T,F) (T,F) (F,T) (T,T) (F,F) -> b = 2, c = 1
        McNemarResult small = McNemarTest.test(new boolean[] {true, true, false, true, false},
                new boolean[] {false, false, true, true, false});
        assertThat(small.onlyFirstCorrect()).isEqualTo(2);
        assertThat(small.onlySecondCorrect()).isEqualTo(1);
        // 2·P(X ≤ 1), X ~ Bin(3, 1/2) = 2·(1 + 3)/8 = 1
        assertThat(small.pValue()).isEqualTo(1.0);
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> McNemarTest.test(-1, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> McNemarTest.test(new boolean[2], new boolean[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("paired");
    }
}
