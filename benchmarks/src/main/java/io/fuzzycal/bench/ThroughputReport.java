package io.fuzzycal.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The console report of {@code fuzzycal bench inference}: throughput table, model sizes, targets. */
final class ThroughputReport {
    /** Length-grouped batch 32 must reach this multiple of arrival-order batch 32. */
    static final double GROUPING_TARGET = 1.5;
    static final int GROUPING_TARGET_BATCH = 32;
    /** The INT4 file must be at most this fraction of the FP32 file. */
    static final double SIZE_TARGET = 0.20;

    /** Sentences/s (the best timed pass) of one model at one batch size, in both orders. */
    record Row(String model, int batchSize, double arrival, double grouped) {
        double groupingGain() {
            return grouped / arrival;
        }
    }

    /** A model file: name, file, bytes, and where it came from. */
    record ModelSize(String model, String file, long bytes, String source) {
    }

    private ThroughputReport() {
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    /** Rows in model order then batch order; the first model is the FP32 reference. */
    static String table(List<Row> rows) {
        String reference = rows.get(0).model();
        TextTable t = new TextTable("model", "batch", "arrival s/s", "length-grouped s/s", "grouped/arrival",
                "grouped vs " + reference);
        for (Row r : rows) {
            Row ref = find(rows, reference, r.batchSize());
            t.row(r.model(), Integer.toString(r.batchSize()), fixed(r.arrival(), 1), fixed(r.grouped(), 1),
                    fixed(r.groupingGain(), 2) + "x", ref == null ? "-" : fixed(r.grouped() / ref.grouped(), 2) + "x");
        }
        return t.render();
    }

    static String sizes(List<ModelSize> sizes) {
        long fp32 = sizes.get(0).bytes();
        TextTable t = new TextTable("model", "file", "MB", "% of " + sizes.get(0).model(), "source").leftAligned(1, 4);
        for (ModelSize s : sizes) {
            t.row(s.model(), s.file(), fixed(s.bytes() / 1e6, 1), fixed(100.0 * s.bytes() / fp32, 1), s.source());
        }
        return t.render();
    }

    /** One line per target with the figures and met / NOT met. */
    static String targets(List<Row> rows, List<ModelSize> sizes) {
        StringBuilder s = new StringBuilder();
        List<String> grouping = new ArrayList<>();
        for (Row r : rows) {
            if (r.batchSize() == GROUPING_TARGET_BATCH) {
                grouping.add(r.model() + " " + fixed(r.groupingGain(), 2) + "x " + verdict(r.groupingGain() >= GROUPING_TARGET));
            }
        }
        s.append(String.format(Locale.ROOT, "length-grouped batch %d >= %.1fx arrival-order batch %d: %s%n",
                GROUPING_TARGET_BATCH, GROUPING_TARGET, GROUPING_TARGET_BATCH,
                grouping.isEmpty() ? "not measured (add " + GROUPING_TARGET_BATCH + " to --batch-sizes)"
                        : String.join(", ", grouping)));
        List<String> size = new ArrayList<>();
        long fp32 = sizes.get(0).bytes();
        for (ModelSize m : sizes.subList(1, sizes.size())) {
            double share = (double) m.bytes() / fp32;
            size.add(m.model() + " " + fixed(100 * share, 1) + "% " + verdict(share <= SIZE_TARGET));
        }
        s.append(String.format(Locale.ROOT, "INT4 file <= %.0f%% of FP32: %s%n", 100 * SIZE_TARGET,
                size.isEmpty() ? "no INT4 model measured" : String.join(", ", size)));
        s.append("INT4 session memory <= 35% of FP32's: measured by `fuzzycal bench memory`").append(System.lineSeparator());
        return s.toString();
    }

    private static Row find(List<Row> rows, String model, int batchSize) {
        for (Row r : rows) {
            if (r.model().equals(model) && r.batchSize() == batchSize) {
                return r;
            }
        }
        return null;
    }

    static String verdict(boolean met) {
        return met ? "(met)" : "(NOT met)";
    }

    static String fixed(double v, int digits) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }
}
