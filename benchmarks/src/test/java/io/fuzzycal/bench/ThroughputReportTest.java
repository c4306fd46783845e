package io.fuzzycal.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ThroughputReportTest {
    private static final List<ThroughputReport.ModelSize> SIZES = List.of(
            new ThroughputReport.ModelSize("FP32", "model.onnx", 100_000_000, "bundle"),
            new ThroughputReport.ModelSize("INT4 L0", "model.int4.onnx", 17_000_000, "bundle"),
            new ThroughputReport.ModelSize("INT4 L4", "model.int4.onnx", 25_000_000, "quantized for this run"));

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(ThroughputReport.median(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(ThroughputReport.median(new double[] {4, 1, 2, 3})).isEqualTo(2.5);
        assertThat(ThroughputReport.median(new double[] {7})).isEqualTo(7);
    }

    @Test
    void targetsSayMetOrNotMetWithTheFigures() {
        List<ThroughputReport.Row> rows = List.of(
                new ThroughputReport.Row("FP32", 32, 100, 160),
                new ThroughputReport.Row("INT4 L0", 32, 100, 149));
        String targets = ThroughputReport.targets(rows, SIZES);
        assertThat(targets).contains(
                "length-grouped batch 32 >= 1.5x arrival-order batch 32: FP32 1.60x (met), INT4 L0 1.49x (NOT met)",
                "INT4 file <= 20% of FP32: INT4 L0 17.0% (met), INT4 L4 25.0% (NOT met)");
    }

    @Test
    void tableComparesEachModelWithFp32AtTheSameBatchSize() {
        String table = ThroughputReport.table(List.of(
                new ThroughputReport.Row("FP32", 8, 100, 150),
                new ThroughputReport.Row("INT4 L0", 8, 90, 120)));
        assertThat(table.split("\\R")).containsExactly(
                "model    batch  arrival s/s  length-grouped s/s  grouped/arrival  grouped vs FP32",
                "FP32         8        100.0               150.0            1.50x            1.00x",
                "INT4 L0      8         90.0               120.0            1.33x            0.80x");
        assertThat(ThroughputReport.sizes(SIZES).split("\\R")).containsExactly(
                "model    file                MB  % of FP32  source",
                "FP32     model.onnx       100.0      100.0  bundle",
                "INT4 L0  model.int4.onnx   17.0       17.0  bundle",
                "INT4 L4  model.int4.onnx   25.0       25.0  quantized for this run");
    }
}
