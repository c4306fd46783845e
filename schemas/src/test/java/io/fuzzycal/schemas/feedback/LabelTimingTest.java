package io.fuzzycal.schemas.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fuzzycal.schemas.DeadLetterReason;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LabelTimingTest {
    private final LabelTiming timing = new LabelTiming(Duration.ofHours(1), Duration.ofMinutes(10));
    private static final long HOUR = 3_600_000;

    @Test
    void aLabelMatchesPredictionsAtMostTheDelayBeforeItAndLooksAsFarAsTheRetention() {
        long t = 10 * HOUR;
        assertThat(timing.matches(t, t - HOUR)).isTrue();
        assertThat(timing.matches(t, t - HOUR - 1)).isFalse();
        assertThat(timing.matches(t, t + 60_000)).as("clock skew the other way").isTrue();
        assertThat(timing.searchFrom(t)).isEqualTo(t - HOUR - 600_000);
        assertThat(timing.searchTo(t)).isEqualTo(t + 600_000);
        assertThat(timing.searchFrom(1000)).isZero();
    }

    @Test
    void tellsLateLabelsFromUnmatchedOnes() {
        long t = 10 * HOUR;
        LabelTiming.Rejection late = timing.unmatched("d1", t, t - HOUR - 5 * 60_000, t);
        assertThat(late.reason()).isEqualTo(DeadLetterReason.LATE);
        assertThat(late.message()).contains("d1").contains("PT1H5M").contains("PT1H");
        assertThat(timing.unmatched("d1", t, Long.MIN_VALUE, t + 2 * HOUR).reason())
                .as("older than predictions are kept").isEqualTo(DeadLetterReason.LATE);
        LabelTiming.Rejection unmatched = timing.unmatched("d1", t, Long.MIN_VALUE, t);
        assertThat(unmatched.reason()).isEqualTo(DeadLetterReason.UNMATCHED);
        assertThat(unmatched.message()).isEqualTo("no prediction for document d1 in the PT1H before the label");
    }

    @Test
    void refusesANonPositiveDelayOrANegativeGrace() {
        assertThatThrownBy(() -> new LabelTiming(Duration.ZERO, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LabelTiming(Duration.ofHours(1), Duration.ofMinutes(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
