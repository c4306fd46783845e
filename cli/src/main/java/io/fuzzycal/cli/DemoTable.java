package io.fuzzycal.cli;

import io.fuzzycal.monitor.dashboard.MonitorReading;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's live table: per variant, the monitor's raw and calibrated ECE and accuracy over the
 * last {@code count.window} labels, its label-free accuracy estimate, the calibrator version in
 * use and texts/s scored since the previous table. Values come from the meters the services
 * export, the same ones /metrics and the dashboard show.
 */
final class DemoTable {
    static final List<String> VARIANTS = List.of("FP32", "INT4");
    private final MeterRegistry meters;
    private final Map<String, Double> lastScored = new HashMap<>();
    private long lastNanos = System.nanoTime();

    DemoTable(MeterRegistry meters) {
        this.meters = meters;
    }

    /** One variant's row. Empty values are the monitor's "no closed window yet". */
    record Row(String variant, Optional<Double> rawEce, Optional<Double> calibratedEce, Optional<Double> accuracy,
               Optional<Double> estimatedAccuracy, long labelled, long calibratorVersion, double textsPerSecond) {
    }

    /** The rows now; texts/s is measured since the previous call. */
    List<Row> rows() {
        MonitorReading reading = MonitorReading.read(meters);
        long now = System.nanoTime();
        double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
        lastNanos = now;
        List<Row> rows = new ArrayList<>();
        for (String v : VARIANTS) {
            double scored = scored(v);
            double rate = (scored - lastScored.getOrDefault(v, 0.0)) / seconds;
            lastScored.put(v, scored);
            rows.add(new Row(v, countEce(reading, v, "RAW"), countEce(reading, v, "CALIBRATED"),
                    countWindow(reading, v, "RAW").map(MonitorReading.WindowReading::accuracy).filter(a -> !a.isNaN()),
                    reading.estimatedAccuracy(v, "RAW"),
                    countWindow(reading, v, "RAW").map(MonitorReading.WindowReading::labelled).orElse(0L),
                    reading.calibratorVersion().orElse(0), rate));
        }
        return rows;
    }

    /** ECE over the last N labels (the count window), which tracks the feed closer than an hour's time window. */
    static Optional<Double> countEce(MonitorReading reading, String variant, String stage) {
        return countWindow(reading, variant, stage).map(MonitorReading.WindowReading::ece).filter(e -> !e.isNaN());
    }

    private static Optional<MonitorReading.WindowReading> countWindow(MonitorReading reading, String variant, String stage) {
        return reading.series(variant, stage).map(MonitorReading.SeriesReading::count);
    }

    /** Predictions of {@code variant} the inference service has produced. */
    double scored(String variant) {
        return count("fuzzycal.inference.predictions.out", variant);
    }

    /** Predictions of {@code variant} the calibration stream has calibrated. */
    double calibrated(String variant) {
        return count("fuzzycal.calibration.predictions.calibrated", variant);
    }

    double refits(String name) {
        Counter c = meters.find("fuzzycal.calibration.refits." + name).counter();
        return c == null ? 0 : c.count();
    }

    private double count(String name, String variant) {
        Counter c = meters.find(name).tag("variant", variant).counter();
        return c == null ? 0 : c.count();
    }

    /** The table as text, one header and one line per variant. */
    static String format(List<Row> rows) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-7s %8s %8s %9s %9s %9s %11s %8s%n",
                "variant", "raw ECE", "cal ECE", "accuracy", "est. acc", "labelled", "calibrator", "texts/s"));
        for (Row r : rows) {
            s.append(String.format(Locale.ROOT, "%-7s %8s %8s %9s %9s %9d %11s %8.1f%n", r.variant(),
                    decimal(r.rawEce()), decimal(r.calibratedEce()), percent(r.accuracy()), percent(r.estimatedAccuracy()),
                    r.labelled(), r.calibratorVersion() == 0 ? "v0 (none)" : "v" + r.calibratorVersion(),
                    r.textsPerSecond()));
        }
        return s.toString();
    }

    private static String decimal(Optional<Double> v) {
        return v.map(x -> String.format(Locale.ROOT, "%.3f", x)).orElse("-");
    }

    private static String percent(Optional<Double> v) {
        return v.map(x -> String.format(Locale.ROOT, "%.1f%%", 100 * x)).orElse("-");
    }
}
