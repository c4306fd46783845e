package io.fuzzycal.model.quantize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Float16Test {
    @Test
    void everyHalfSurvivesARoundTrip() {
        for (int bits = 0; bits < 0x10000; bits++) {
            short half = (short) bits;
            float value = Float16.toFloat(half);
            if (!Float.isNaN(value)) {
                assertThat(Float16.fromFloat(value)).as("0x%04x", bits).isEqualTo(half);
            }
        }
    }

    @Test
    void knownValues() {
        assertThat(Float16.toFloat((short) 0x3c00)).isEqualTo(1f);
        assertThat(Float16.toFloat((short) 0xc000)).isEqualTo(-2f);
        assertThat(Float16.toFloat((short) 0x7bff)).isEqualTo(65504f);
        assertThat(Float16.toFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(Float16.fromFloat(1e6f)).isEqualTo((short) 0x7c00);
        assertThat(Float16.fromFloat(1e-9f)).isEqualTo((short) 0);
        assertThat(Float16.fromFloat(-0f)).isEqualTo((short) 0x8000);
    }

    @Test
    void roundsToTheNearestHalfWithTiesToEven() {
        // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: the even mantissa (1) wins.
        assertThat(Float16.round(1f + 0x1p-11f)).isEqualTo(1f);
        assertThat(Float16.round(1f + 3 * 0x1p-11f)).isEqualTo(1f + 2 * 0x1p-10f);
        // Halfway between the two smallest subnormals: even (0) wins; a hair above rounds up.
        assertThat(Float16.round(0x1p-25f)).isEqualTo(0f);
        assertThat(Float16.round(0x1.01p-25f)).isEqualTo(0x1p-24f);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            // Magnitudes only: a half's neighbours are then the next and previous bit patterns.
            float value = (float) (random.nextDouble() * Math.pow(2, random.nextInt(-26, 16)));
            short half = Float16.fromFloat(value);
            float error = Math.abs(value - Float16.toFloat(half));
            assertThat(error).as("%s", value).isLessThanOrEqualTo(Math.abs(value - Float16.toFloat((short) (half + 1))));
            if (half > 0) {
                assertThat(error).as("%s", value).isLessThanOrEqualTo(Math.abs(value - Float16.toFloat((short) (half - 1))));
            }
            assertThat(Float16.fromFloat(-value)).isEqualTo((short) (half | 0x8000));
        }
    }
}
