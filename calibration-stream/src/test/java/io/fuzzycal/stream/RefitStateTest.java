package io.fuzzycal.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RefitStateTest {
    @Test
    void survivesItsBinaryFormWithoutAChampion() {
        RefitState state = new RefitState(3, 17, 5, 1_700_000_000_000L, 0, null);
        RefitState back = RefitState.fromBytes(state.toBytes());
        assertThat(back).isEqualTo(state);
        assertThat(back.championJson()).isNull();
    }

    @Test
    void survivesItsBinaryFormWithAChampion() {
        RefitState state = new RefitState(0, Long.MAX_VALUE, 0, -1, 42, "{\"method\":\"fuzzy\",\"note\":\"é😀\"}");
        assertThat(RefitState.fromBytes(state.toBytes())).isEqualTo(state);
    }

    @Test
    void anEmptyChampionJsonIsNotNull() {
        RefitState state = new RefitState(0, 0, 0, 0, 1, "");
        assertThat(RefitState.fromBytes(state.toBytes()).championJson()).isEmpty();
    }

    @Test
    void theTransitionsKeepTheirBookkeeping() {
        RefitState s = RefitState.empty(100);
        assertThat(s).isEqualTo(new RefitState(0, 0, 0, 100, 0, null));
        s = s.added().added().added();
        assertThat(s.size()).isEqualTo(3);
        assertThat(s.labelsSinceRefit()).isEqualTo(3);
        s = s.evictedOne();
        assertThat(s.head()).isEqualTo(1);
        assertThat(s.size()).isEqualTo(2);
        assertThat(s.labelsSinceRefit()).isEqualTo(3);
        s = s.refitStarted(200);
        assertThat(s.labelsSinceRefit()).isZero();
        assertThat(s.lastRefitAt()).isEqualTo(200);
        assertThat(s.size()).isEqualTo(2);
        s = s.promoted(7, "{}");
        assertThat(s.championVersion()).isEqualTo(7);
        assertThat(s.championJson()).isEqualTo("{}");
        assertThat(s.lastRefitAt()).isEqualTo(200);
        assertThat(s.added().championJson()).isEqualTo("{}");
    }

    @Test
    void anUnknownFormatIsRefused() {
        byte[] bytes = RefitState.empty(0).toBytes();
        bytes[0] = 2;
        assertThatThrownBy(() -> RefitState.fromBytes(bytes)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("format 2");
    }
}
