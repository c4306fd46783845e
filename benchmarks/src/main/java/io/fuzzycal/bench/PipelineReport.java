package io.fuzzycal.bench;

import static io.fuzzycal.bench.KafkaBenchReport.line;
import static io.fuzzycal.bench.KafkaBenchReport.percentile;
import static io.fuzzycal.bench.ThroughputReport.fixed;

import io.fuzzycal.schemas.avro.Variant;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** The tables of {@code bench pipeline}: per variant throughput and latency, the labels, and each process's cost. */
final class PipelineReport {
    private PipelineReport() {
    }

    /**
     * One variant's share of a phase: texts sent, those calibrated, texts/s from the first text sent
     * to the last calibrated record read, and each text's latency in ms from its send (the text
     * record's timestamp) to its prediction being produced (the calibrated record's CreateTime, which
     * the stream keeps from the prediction), to its calibrated record being produced ({@code
     * producedAt}) and to that record being read by a read_committed consumer.
     */
    record VariantFigures(Variant variant, int texts, int calibrated, double textsPerSecond, double[] scoredMs,
                          double[] calibratedMs, double[] readMs) {
        static VariantFigures of(Variant variant, List<PipelineLoad.Document> documents) {
            long firstSent = Long.MAX_VALUE;
            long lastRead = Long.MIN_VALUE;
            List<long[]> seen = new ArrayList<>();
            List<Long> sent = new ArrayList<>();
            for (PipelineLoad.Document d : documents) {
                firstSent = Math.min(firstSent, d.sentMs);
                long[] t = d.times(variant);
                if (t != null) {
                    seen.add(t);
                    sent.add(d.sentMs);
                    lastRead = Math.max(lastRead, t[2]);
                }
            }
            int n = seen.size();
            double[][] ms = new double[3][n];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < 3; k++) {
                    ms[k][i] = seen.get(i)[k] - sent.get(i);
                }
            }
            double seconds = n == 0 ? Double.NaN : Math.max(lastRead - firstSent, 1) / 1000.0;
            return new VariantFigures(variant, documents.size(), n, n / seconds, ms[0], ms[1], ms[2]);
        }

        double p50(double[] v) {
            return percentile(v, 0.50);
        }

        double p99(double[] v) {
            return percentile(v, 0.99);
        }
    }

    /** One phase: what it was, how long its texts took to send, and its figures per variant. */
    record Phase(String title, double sendSeconds, List<VariantFigures> variants) {
        double slowest() {
            return variants.stream().mapToDouble(VariantFigures::textsPerSecond).min().orElse(Double.NaN);
        }
    }

    /** A process's row: its name, JVM options, CPU seconds in each phase, resident memory now and at its peak. */
    record ProcessCost(String name, String javaOptions, double throughputCpu, double latencyCpu, long residentKb,
                       long peakKb) {
    }

    static String throughputTable(Phase phase) {
        TextTable t = new TextTable("variant", "texts", "calibrated", "seconds", "texts/s");
        for (VariantFigures v : phase.variants()) {
            t.row(v.variant().name(), Integer.toString(v.texts()), Integer.toString(v.calibrated()),
                    fixed(v.calibrated() / v.textsPerSecond(), 2), fixed(v.textsPerSecond(), 1));
        }
        return t.render();
    }

    static String latencyTable(Phase phase) {
        TextTable t = new TextTable("variant", "texts", "calibrated", "texts/s", "scored p50/p99 ms",
                "calibrated p50/p99 ms", "read p50/p99 ms", "read max ms");
        for (VariantFigures v : phase.variants()) {
            t.row(v.variant().name(), Integer.toString(v.texts()), Integer.toString(v.calibrated()),
                    fixed(v.textsPerSecond(), 1), pair(v, v.scoredMs()), pair(v, v.calibratedMs()), pair(v, v.readMs()),
                    fixed(percentile(v.readMs(), 1.0), 0));
        }
        return t.render();
    }

    private static String pair(VariantFigures v, double[] ms) {
        return fixed(v.p50(ms), 0) + "/" + fixed(v.p99(ms), 0);
    }

    static String processTable(List<ProcessCost> costs, double throughputSeconds, double latencySeconds) {
        TextTable t = new TextTable("process", "JVM options", "CPU % throughput", "CPU % latency", "RSS end MB",
                "RSS peak MB").leftAligned(1);
        double throughputCpu = 0;
        double latencyCpu = 0;
        long resident = 0;
        long peak = 0;
        for (ProcessCost c : costs) {
            t.row(c.name(), c.javaOptions(), share(c.throughputCpu(), throughputSeconds), share(c.latencyCpu(), latencySeconds),
                    fixed(c.residentKb() / 1024.0, 1), fixed(c.peakKb() / 1024.0, 1));
            throughputCpu += c.throughputCpu();
            latencyCpu += c.latencyCpu();
            resident += c.residentKb();
            peak += c.peakKb();
        }
        t.row("all of them", "-", share(throughputCpu, throughputSeconds), share(latencyCpu, latencySeconds),
                fixed(resident / 1024.0, 1), fixed(peak / 1024.0, 1));
        return t.render();
    }

    /** CPU seconds over wall seconds, in % of one core; '-' for a phase that did not run. */
    private static String share(double cpuSeconds, double wallSeconds) {
        return wallSeconds > 0 ? fixed(100 * cpuSeconds / wallSeconds, 0) : "-";
    }

    static void lines(PrintWriter out, String... lines) {
        for (String l : lines) {
            out.print(line("%s", l));
        }
    }
}
