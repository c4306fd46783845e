package io.fuzzycal.monitor.dashboard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A point-in-time read of the monitor's meters ({@code MonitorMetrics}) from a registry: what the
 * dashboard draws and {@code fuzzycal demo} prints. Unknown values are NaN, as in the meters; the
 * convenience accessors turn them into empty optionals.
 *
 * @param at when it was read
 * @param series one entry per model, variant and stage that has closed a window, sorted
 * @param disagreements FP32/INT4 top-class disagreement of the last time window, by model
 * @param calibratorVersions latest calibrator version on calibration.models, by model (as the monitor keys it:
 *                           {@code model} or {@code model/VARIANT})
 * @param refits refits seen on calibration.models, sorted by model then outcome
 * @param alerts the drift alerts raised now, sorted
 */
public record MonitorReading(Instant at, List<SeriesReading> series, Map<String, Double> disagreements,
                             Map<String, Long> calibratorVersions, List<Refits> refits, List<Alert> alerts) {
    /** {@code fuzzycal.calibration.*} label value of the hopping time windows. */
    public static final String TIME = "time";
    /** {@code fuzzycal.calibration.*} label value of the count window (the last N labels). */
    public static final String COUNT = "count";

    public MonitorReading {
        series = List.copyOf(series);
        disagreements = Map.copyOf(disagreements);
        calibratorVersions = Map.copyOf(calibratorVersions);
        refits = List.copyOf(refits);
        alerts = List.copyOf(alerts);
    }

    /**
     * One model's variant at one stage.
     *
     * @param variant {@code FP32} or {@code INT4}
     * @param stage {@code RAW} or {@code CALIBRATED}
     * @param time the last closed time window; null before the first
     * @param count the last closed count window; null before the first
     * @param estimatedAccuracy accuracy estimated without labels, last time window
     * @param meanConfidence mean top-class confidence of all predictions, last time window
     * @param windowCalibratorVersion newest calibrator version among the last time window's predictions
     */
    public record SeriesReading(String model, String variant, String stage, WindowReading time, WindowReading count,
                                double estimatedAccuracy, double meanConfidence, double windowCalibratorVersion) {
        /** The time window if one closed, else the count window; empty before either. */
        public Optional<WindowReading> latest() {
            return Optional.ofNullable(time != null ? time : count);
        }

        String key() {
            return model + "/" + variant + "/" + stage;
        }
    }

    /**
     * The metrics of one closed window.
     *
     * @param window {@link #TIME} or {@link #COUNT}
     * @param ece top-label ECE, 15 equal-width bins
     * @param eceLower lower end of its 95% bootstrap interval
     * @param eceUpper upper end
     * @param labelled labelled predictions in the window
     * @param reliability every reliability bin, in order of confidence
     */
    public record WindowReading(String window, double ece, double eceLower, double eceUpper, double accuracy,
                                long labelled, List<Bin> reliability) {
        public WindowReading {
            reliability = List.copyOf(reliability);
        }
    }

    /** One reliability bin: its confidence range, labelled predictions, their mean confidence and accuracy (NaN when empty). */
    public record Bin(int index, double lower, double upper, long samples, double meanConfidence, double accuracy) {
    }

    /** Refits of one model with one outcome. */
    public record Refits(String model, String outcome, long count) {
    }

    /** A drift alert raised now, on {@code metric} ({@code ece}, {@code transferGapEce}, {@code disagreement}, {@code psi}). */
    public record Alert(String model, String variant, String stage, String metric) {
    }

    /** Reads the monitor's meters in {@code registry} now. */
    public static MonitorReading read(MeterRegistry registry) {
        Map<String, Map<String, Double>> window = new TreeMap<>(); // "model/variant/stage/window" -> metric -> value
        Map<String, Map<Integer, double[]>> bins = new TreeMap<>(); // same key -> bin -> {samples, conf, acc}
        Map<String, Map<String, Double>> label = new TreeMap<>(); // "model/variant/stage" -> metric -> value
        for (Meter m : registry.getMeters()) {
            String name = m.getId().getName();
            if (!(m instanceof Gauge g) || !name.startsWith("fuzzycal.")) {
                continue;
            }
            double v = g.value();
            String model = m.getId().getTag("model");
            String variant = m.getId().getTag("variant");
            String stage = m.getId().getTag("stage");
            String w = m.getId().getTag("window");
            if (name.startsWith("fuzzycal.reliability.") && w != null) {
                double[] b = bins.computeIfAbsent(String.join("/", model, variant, stage, w), k -> new TreeMap<>())
                        .computeIfAbsent(Integer.parseInt(m.getId().getTag("bin")), k -> new double[3]);
                switch (name) {
                    case "fuzzycal.reliability.samples" -> b[0] = v;
                    case "fuzzycal.reliability.confidence" -> b[1] = v;
                    case "fuzzycal.reliability.accuracy" -> b[2] = v;
                    default -> { }
                }
            } else if (name.startsWith("fuzzycal.calibration.") && w != null && variant != null) {
                window.computeIfAbsent(String.join("/", model, variant, stage, w), k -> new TreeMap<>())
                        .put(name, v);
            } else if (variant != null && stage != null && w == null && !name.equals("fuzzycal.alerts.active")) {
                label.computeIfAbsent(String.join("/", model, variant, stage), k -> new TreeMap<>()).put(name, v);
            }
        }
        Map<String, SeriesReading> series = new TreeMap<>();
        for (String key : union(window.keySet().stream().map(k -> k.substring(0, k.lastIndexOf('/'))).toList(),
                label.keySet())) {
            String[] parts = key.split("/", -1);
            // a model id may hold '/': the variant and stage are the last two parts
            String stage = parts[parts.length - 1];
            String variant = parts[parts.length - 2];
            String model = key.substring(0, key.length() - variant.length() - stage.length() - 2);
            Map<String, Double> l = label.getOrDefault(key, Map.of());
            series.put(key, new SeriesReading(model, variant, stage, windowOf(key, TIME, window, bins),
                    windowOf(key, COUNT, window, bins), l.getOrDefault("fuzzycal.estimated.accuracy", Double.NaN),
                    l.getOrDefault("fuzzycal.mean.confidence", Double.NaN),
                    l.getOrDefault("fuzzycal.calibrator.window.version", Double.NaN)));
        }
        Map<String, Double> disagreement = new TreeMap<>();
        registry.find("fuzzycal.fp32.int4.disagreement").gauges()
                .forEach(g -> disagreement.put(g.getId().getTag("model"), g.value()));
        Map<String, Long> versions = new TreeMap<>();
        registry.find("fuzzycal.calibrator.version").gauges().forEach(g -> {
            if (!Double.isNaN(g.value())) {
                versions.put(g.getId().getTag("model"), (long) g.value());
            }
        });
        List<Refits> refits = new ArrayList<>();
        for (Counter c : registry.find("fuzzycal.refits").counters()) {
            refits.add(new Refits(c.getId().getTag("model"), c.getId().getTag("outcome"), (long) c.count()));
        }
        refits.sort(Comparator.comparing(Refits::model).thenComparing(Refits::outcome));
        List<Alert> alerts = new ArrayList<>();
        for (Gauge g : registry.find("fuzzycal.alerts.active").gauges()) {
            if (g.value() >= 1) {
                alerts.add(new Alert(g.getId().getTag("model"), g.getId().getTag("variant"),
                        g.getId().getTag("stage"), g.getId().getTag("metric")));
            }
        }
        alerts.sort(Comparator.comparing(Alert::model).thenComparing(Alert::variant).thenComparing(Alert::stage)
                .thenComparing(Alert::metric));
        return new MonitorReading(Instant.now(), new ArrayList<>(series.values()), disagreement, versions, refits,
                alerts);
    }

    /** This reading without reliability bins: what a history keeps of it. */
    MonitorReading withoutReliability() {
        List<SeriesReading> lean = series.stream().map(s -> new SeriesReading(s.model(), s.variant(), s.stage(),
                lean(s.time()), lean(s.count()), s.estimatedAccuracy(), s.meanConfidence(),
                s.windowCalibratorVersion())).toList();
        return new MonitorReading(at, lean, disagreements, calibratorVersions, refits, alerts);
    }

    private static WindowReading lean(WindowReading w) {
        return w == null ? null : new WindowReading(w.window(), w.ece(), w.eceLower(), w.eceUpper(), w.accuracy(),
                w.labelled(), List.of());
    }

    private static WindowReading windowOf(String series, String w, Map<String, Map<String, Double>> windows,
                                          Map<String, Map<Integer, double[]>> bins) {
        String key = series + "/" + w;
        Map<String, Double> m = windows.get(key);
        if (m == null) {
            return null;
        }
        List<Bin> reliability = new ArrayList<>();
        Map<Integer, double[]> b = bins.getOrDefault(key, Map.of());
        int n = b.size();
        b.forEach((i, v) -> reliability.add(new Bin(i, (double) i / n, (double) (i + 1) / n, (long) nanToZero(v[0]),
                v[1], v[2])));
        return new WindowReading(w, m.getOrDefault("fuzzycal.calibration.ece", Double.NaN),
                m.getOrDefault("fuzzycal.calibration.ece.lower", Double.NaN),
                m.getOrDefault("fuzzycal.calibration.ece.upper", Double.NaN),
                m.getOrDefault("fuzzycal.calibration.accuracy", Double.NaN),
                (long) nanToZero(m.getOrDefault("fuzzycal.calibration.labelled", 0.0)), reliability);
    }

    private static double nanToZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    private static List<String> union(List<String> a, Set<String> b) {
        TreeSet<String> all = new TreeSet<>(a);
        all.addAll(b);
        return new ArrayList<>(all);
    }

    /** The series of {@code variant} at {@code stage} of the first model (by id); the demo runs one model. */
    public Optional<SeriesReading> series(String variant, String stage) {
        return series.stream().filter(s -> s.variant().equals(variant) && s.stage().equals(stage)).findFirst();
    }

    /** ECE of the last closed time window (else count window) of {@code variant} at {@code stage}. */
    public Optional<Double> ece(String variant, String stage) {
        return series(variant, stage).flatMap(SeriesReading::latest).map(WindowReading::ece).flatMap(MonitorReading::known);
    }

    /** Realised accuracy of the last closed time window (else count window). */
    public Optional<Double> accuracy(String variant, String stage) {
        return series(variant, stage).flatMap(SeriesReading::latest).map(WindowReading::accuracy)
                .flatMap(MonitorReading::known);
    }

    /** Accuracy estimated without labels over the last time window. */
    public Optional<Double> estimatedAccuracy(String variant, String stage) {
        return series(variant, stage).map(SeriesReading::estimatedAccuracy).flatMap(MonitorReading::known);
    }

    /** Labelled predictions in the last closed time window (else count window); 0 before any. */
    public long labelled(String variant, String stage) {
        return series(variant, stage).flatMap(SeriesReading::latest).map(WindowReading::labelled).orElse(0L);
    }

    /** The highest calibrator version on calibration.models, over every model. */
    public OptionalLong calibratorVersion() {
        return calibratorVersions.values().stream().mapToLong(Long::longValue).max();
    }

    /** FP32/INT4 disagreement of the first model, when a time window measured it. */
    public Optional<Double> disagreement() {
        return disagreements.values().stream().filter(v -> !Double.isNaN(v)).findFirst();
    }

    /** Refits with {@code outcome} (e.g. {@code promoted}), summed over models. */
    public long refits(String outcome) {
        return refits.stream().filter(r -> r.outcome().equals(outcome)).mapToLong(Refits::count).sum();
    }

    /** Whether any window with a label has closed: until then the dashboard waits for one. */
    public boolean hasLabelledWindow() {
        return series.stream().anyMatch(s -> s.latest().map(w -> w.labelled() > 0).orElse(false));
    }

    private static Optional<Double> known(double v) {
        return Double.isNaN(v) ? Optional.empty() : Optional.of(v);
    }
}
