package io.fuzzycal.model.quantize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BlockQuantizerTest {
    @Test
    void theClippingSearchNeverLosesToTheFullRangeAndUsuallyWins() {
        float[] rows = TinyModels.gaussian(200 * 16, 0.05, 8);
        double searched = 0;
        double fullRange = 0;
        for (int r = 0; r < 200; r++) {
            float[] block = Arrays.copyOfRange(rows, r * 16, (r + 1) * 16);
            double withSearch = squaredError(new BlockQuantizer(16, false, ScalePrecision.FLOAT), block);
            double without = squaredError(withShrinks(new float[] {1f}), block);
            assertThat(withSearch).isLessThanOrEqualTo(without);
            searched += withSearch;
            fullRange += without;
        }
        assertThat(searched).isLessThan(0.98 * fullRange); // measured: 3.5% less squared error
    }

    @Test
    void everyValueIsWithinHalfAStepWhenNothingIsClipped() {
        float[] row = TinyModels.gaussian(64, 1, 3);
        Int4Blocks q = withShrinks(new float[] {1f}).quantize(row, 1, 64, 64);
        for (int b = 0; b < 4; b++) {
            float min = 0;
            float max = 0;
            for (int i = b * 16; i < (b + 1) * 16; i++) {
                min = Math.min(min, row[i]);
                max = Math.max(max, row[i]);
            }
            assertThat(q.scales()[b]).isEqualTo((max - min) / 15);
        }
        assertThat(q.maxAbsError()).isLessThanOrEqualTo(maxScale(q) / 2 * 1.0001);
    }

    @Test
    void anAllZeroBlockDecodesToZero() {
        Int4Blocks q = new BlockQuantizer(16, false, ScalePrecision.FLOAT16).quantize(new float[32], 2, 16, 16);
        assertThat(q.maxAbsError()).isZero();
        assertThat(q.scales()).containsOnly(0f);
    }

    @Test
    void symmetricBlocksMapTheSignedExtremeToCodeZero() {
        float[] block = {0.1f, -0.8f, 0.3f, 0.05f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.2f};
        Int4Blocks q = withShrinks(new float[] {1f}, true).quantize(block, 1, 16, 16);
        assertThat(q.scales()[0]).isEqualTo(0.1f); // −0.8 / −8
        assertThat(q.zeroPoints()).isNull();
        assertThat(q.packed()[0] >> 4 & 0xf).isZero(); // element 1, the high nibble of byte 0
    }

    private static double squaredError(BlockQuantizer quantizer, float[] block) {
        Int4Blocks q = quantizer.quantize(block, 1, block.length, block.length);
        double sum = 0;
        int zero = q.zeroPoints()[0] & 0xf;
        for (int i = 0; i < block.length; i++) {
            int code = i % 2 == 0 ? q.packed()[i / 2] & 0xf : q.packed()[i / 2] >> 4 & 0xf;
            double d = block[i] - (code - zero) * q.scales()[0];
            sum += d * d;
        }
        return sum;
    }

    private static float maxScale(Int4Blocks q) {
        float max = 0;
        for (float s : q.scales()) {
            max = Math.max(max, Math.abs(s));
        }
        return max;
    }

    private static BlockQuantizer withShrinks(float[] shrinks) {
        return withShrinks(shrinks, false);
    }

    // The shrink factors are a constant; this swaps them for one quantization only.
    private static BlockQuantizer withShrinks(float[] shrinks, boolean symmetric) {
        return new BlockQuantizer(16, symmetric, ScalePrecision.FLOAT, shrinks);
    }
}
