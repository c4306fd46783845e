package io.fuzzycal.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fuzzycal.schemas.avro.Variant;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinStatsTest {
    private final List<MonitorFixtures.Doc> docs = MonitorFixtures.synthetic("d", 200, 31, 3, 1);

    private BinStats of(List<MonitorFixtures.Doc> rows) {
        BinStats s = new BinStats(15, 3);
        for (MonitorFixtures.Doc d : rows) {
            s.labelled(d.fp32Raw(), d.label(), 1);
            s.prediction(d.fp32Raw(), d.fp32Cal(), 2);
        }
        return s;
    }

    @Test
    void twoStretchesMergeIntoTheStatisticsOfBoth() {
        BinStats merged = of(docs.subList(0, 80));
        merged.merge(of(docs.subList(80, 200)));
        WindowReport a = WindowReport.of(merged, new double[] {0.5}, new boolean[] {true}, 10, 1);
        WindowReport b = WindowReport.of(of(docs), new double[] {0.5}, new boolean[] {true}, 10, 1);
        assertThat(a.n()).isEqualTo(200);
        assertThat(a.ece()).isCloseTo(b.ece(), within(1e-12));
        assertThat(a.classwiseEce()).isCloseTo(b.classwiseEce(), within(1e-12));
        assertThat(a.nll()).isCloseTo(b.nll(), within(1e-12));
        assertThat(a.eceLower()).as("seeded: the same interval").isCloseTo(b.eceLower(), within(1e-12));
    }

    @Test
    void removingARowUndoesAddingIt() {
        BinStats s = of(docs.subList(0, 100));
        BinStats before = s.copy();
        MonitorFixtures.Doc extra = docs.get(150);
        s.labelled(extra.fp32Raw(), extra.label(), 1);
        s.labelled(extra.fp32Raw(), extra.label(), -1);
        assertThat(s.n).isEqualTo(before.n);
        assertThat(s.count).isEqualTo(before.count);
        assertThat(s.classY).isEqualTo(before.classY);
        assertThat(s.brier).isCloseTo(before.brier, within(1e-12));
    }

    @Test
    void survivesItsBinaryFormAndSoDoesAnEvent() throws Exception {
        BinStats s = of(docs);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            s.write(out);
        }
        BinStats back = BinStats.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(back).usingRecursiveComparison().isEqualTo(s);
        MonitorEvent e = MonitorEvent.labelled("model-é", Variant.INT4, 7, 2, docs.get(0).int4Raw(), docs.get(0).int4Cal());
        assertThat(MonitorEvent.fromBytes(e.toBytes())).usingRecursiveComparison().isEqualTo(e);
    }

    @Test
    void theIntervalNarrowsWithMoreData() {
        List<MonitorFixtures.Doc> many = MonitorFixtures.synthetic("m", 4000, 32, 3, 1);
        WindowReport small = WindowReport.of(of(docs), new double[] {0.5}, new boolean[] {true}, 200, 5);
        WindowReport large = WindowReport.of(of(many), new double[] {0.5}, new boolean[] {true}, 200, 5);
        assertThat(large.eceUpper() - large.eceLower()).isLessThan(small.eceUpper() - small.eceLower());
        assertThat(large.eceLower()).isLessThanOrEqualTo(large.eceUpper());
    }
}
