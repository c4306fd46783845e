package io.fuzzycal.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RefitStateTest {
    @Test
    void survivesItsBinaryFormWithoutAChampion() {
        RefitState state = new RefitState(3, 17, 5, 1_700_000_000_000L, Map.of());
        RefitState back = RefitState.fromBytes(state.toBytes());
        assertThat(back).isEqualTo(state);
        assertThat(back.champions()).isEmpty();
    }

    @Test
    void survivesItsBinaryFormWithChampionsPerKey() {
        RefitState state = new RefitState(0, Long.MAX_VALUE, 0, -1, Map.of(
                "m1", new RefitState.Promoted(42, "{\"method\":\"fuzzy\",\"note\":\"é😀\"}"),
                "m1/INT4", new RefitState.Promoted(3, ""),
                "m2/" + "x".repeat(70_000), new RefitState.Promoted(1, "y".repeat(70_000))));
        assertThat(RefitState.fromBytes(state.toBytes())).isEqualTo(state);
    }

    @Test
    void theTransitionsKeepTheirBookkeeping() {
        RefitState s = RefitState.empty(100);
        assertThat(s).isEqualTo(new RefitState(0, 0, 0, 100, Map.of()));
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
        s = s.promoted("m1", 7, "{}").promoted("m1/INT4", 1, "{\"a\":1}").promoted("m1", 8, "{\"b\":2}");
        assertThat(s.champions()).containsOnlyKeys("m1", "m1/INT4");
        assertThat(s.champions().get("m1")).isEqualTo(new RefitState.Promoted(8, "{\"b\":2}"));
        assertThat(s.lastRefitAt()).isEqualTo(200);
        assertThat(s.added().champions()).isEqualTo(s.champions());
    }

    @Test
    void anUnknownFormatIsRefused() {
        byte[] bytes = RefitState.empty(0).toBytes();
        bytes[0] = 1;
        assertThatThrownBy(() -> RefitState.fromBytes(bytes)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("format 1");
    }
}
