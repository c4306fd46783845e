package io.fuzzycal.cli.model;

import io.fuzzycal.model.quantize.NodeReport;
import io.fuzzycal.model.quantize.QuantizeReport;
import io.fuzzycal.model.quantize.SkippedNode;
import io.fuzzycal.bench.TextTable;
import java.util.Locale;
import java.util.stream.Collectors;

/** The quantizer's report as console text: an aligned table of nodes, then the sizes. */
final class QuantizeReportTable {
    private static final String[] HEADER = {"node", "op", "shape", "block", "FP32 KB", "INT4 KB", "max |err|"};

    private QuantizeReportTable() {
    }

    static String render(QuantizeReport report) {
        TextTable table = new TextTable(HEADER).leftAligned(1, 2); // names left, numbers right
        for (NodeReport n : report.nodes()) {
            table.row(new String[] {
                n.nodeName(),
                n.op(),
                n.originalShape().stream().map(String::valueOf).collect(Collectors.joining("x")),
                String.valueOf(n.blockSize()),
                kilobytes(n.bytesBefore()),
                kilobytes(n.bytesAfter()),
                String.format(Locale.ROOT, "%.2e", n.maxAbsError())});
        }
        StringBuilder text = new StringBuilder(table.render());
        for (SkippedNode s : report.skipped()) {
            text.append(String.format(Locale.ROOT, "kept FP32: %s (%s): %s%n", s.nodeName(), s.op(), s.reason()));
        }
        text.append(String.format(Locale.ROOT, "%d nodes quantized, %d kept FP32, in %.1f s%n",
                report.nodes().size(), report.skipped().size(), report.elapsed().toMillis() / 1000.0));
        text.append(String.format(Locale.ROOT, "FP32 %.1f MB -> INT4 %.1f MB (%.1f%% of FP32)%n",
                report.inputBytes() / 1e6, report.outputBytes() / 1e6, 100 * report.sizeRatio()));
        return text.toString();
    }

    private static String kilobytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1e3);
    }
}
