package io.fuzzycal.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KafkaBenchReportTest {

    @Test
    void percentileIsTheNearestRank() {
        double[] v = new double[100];
        for (int i = 0; i < v.length; i++) {
            v[i] = 100 - i; // 100 .. 1, unsorted on purpose
        }
        assertThat(KafkaBenchReport.percentile(v, 0.50)).isEqualTo(50);
        assertThat(KafkaBenchReport.percentile(v, 0.99)).isEqualTo(99);
        assertThat(KafkaBenchReport.percentile(v, 1.0)).isEqualTo(100);
        assertThat(KafkaBenchReport.percentile(new double[] {7}, 0.99)).isEqualTo(7);
        assertThat(KafkaBenchReport.percentile(new double[0], 0.5)).isNaN();
        assertThat(v[0]).isEqualTo(100); // the input is left alone
        assertThatThrownBy(() -> KafkaBenchReport.percentile(v, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theServiceIsComparedWithTheEnginesBestPass() {
        List<KafkaBenchReport.Pass> engine = List.of(KafkaBenchReport.Pass.of("in turn", new double[] {90, 100}),
                KafkaBenchReport.Pass.of("concurrently", new double[] {120, 110}));
        assertThat(KafkaBenchReport.best(engine)).isEqualTo(120);
        KafkaBenchReport.Pass old = new KafkaBenchReport.Pass("old", new double[] {60, 50}, new double[] {120, 100});
        KafkaBenchReport.Pass fresh = new KafkaBenchReport.Pass("new", new double[] {100, 97}, new double[] {110, 120});
        String table = KafkaBenchReport.serviceTable(List.of(old, fresh), KafkaBenchReport.best(engine));
        assertThat(table.lines().filter(l -> l.startsWith("old")).findFirst().orElseThrow())
                .contains(" 50 ").contains("60.0 / 50.0").endsWith("NOT met");
        assertThat(table.lines().filter(l -> l.startsWith("new")).findFirst().orElseThrow())
                .contains(" 83 ").contains("100.0 / 97.0").endsWith("met").doesNotContain("NOT");
    }

    @Test
    void theAdjacentShareIsTheMedianOfEachRoundsRatio() {
        // rounds: 100/110 = 0.909, 97/120 = 0.808, 50/40 = 1.25 -> median 0.909
        KafkaBenchReport.Pass p = new KafkaBenchReport.Pass("s", new double[] {100, 97, 50}, new double[] {110, 120, 40});
        assertThat(p.adjacentShare()).isCloseTo(100.0 / 110, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(p.median()).isEqualTo(97);
        assertThat(KafkaBenchReport.Pass.of("engine", new double[] {1, 2}).adjacentShare()).isNaN();
    }
}
