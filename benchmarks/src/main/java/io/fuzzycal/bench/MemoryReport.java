package io.fuzzycal.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The console report of {@code fuzzycal bench memory}. */
final class MemoryReport {
    /** The INT4 session's resident-memory growth must be at most this fraction of FP32's. */
    static final double TARGET = 0.35;

    /**
     * One model's resident set sizes in KiB at each probe stage (the median over its processes).
     *
     * @param runs how many probe processes the medians are over
     */
    record Sample(String model, long startKb, long runtimeKb, long sessionKb, long classifiedKb, long tokenizerKb,
            int runs) {
        static Sample of(String model, List<Map<String, Long>> runs) {
            return new Sample(model, median(runs, "start"), median(runs, "runtime"), median(runs, "session"),
                    median(runs, "classified"), medianGrowth(runs, "classified", "tokenizer"), runs.size());
        }

        /** Loading the session: RSS after opening the engine minus RSS with the runtime libraries loaded. */
        long loadKb() {
            return sessionKb - runtimeKb;
        }

        /** The session plus its first inference. */
        long loadAndClassifyKb() {
            return classifiedKb - runtimeKb;
        }

        /** Opening the engine counted from JVM start, runtime libraries included. */
        long fromStartKb() {
            return sessionKb - startKb;
        }

        /** Opening the engine less one tokenizer instance: an estimate of the ONNX session alone. */
        long sessionOnlyKb() {
            return loadKb() - tokenizerKb;
        }

        private static long medianGrowth(List<Map<String, Long>> runs, String from, String to) {
            double[] v = runs.stream().mapToDouble(r -> r.get(to) - r.get(from)).toArray();
            return Math.round(ThroughputReport.median(v));
        }

        private static long median(List<Map<String, Long>> runs, String stage) {
            double[] v = runs.stream().mapToDouble(r -> r.get(stage)).toArray();
            return Math.round(ThroughputReport.median(v));
        }
    }

    private MemoryReport() {
    }

    /** The first sample is the FP32 reference. */
    static String table(List<Sample> samples) {
        Sample ref = samples.get(0);
        TextTable t = new TextTable("model", "JVM start", "runtime libs loaded", "session opened", "load growth",
                "% of " + ref.model(), "after classify", "growth incl. classify", "% of " + ref.model(),
                "tokenizer inst.");
        for (Sample s : samples) {
            t.row(s.model(), mib(s.startKb()), mib(s.runtimeKb()), mib(s.sessionKb()), mib(s.loadKb()),
                    percent(s.loadKb(), ref.loadKb()), mib(s.classifiedKb()), mib(s.loadAndClassifyKb()),
                    percent(s.loadAndClassifyKb(), ref.loadAndClassifyKb()), mib(s.tokenizerKb()));
        }
        return t.render();
    }

    static String targets(List<Sample> samples) {
        Sample ref = samples.get(0);
        List<String> load = new ArrayList<>();
        List<String> classify = new ArrayList<>();
        List<String> fromStart = new ArrayList<>();
        List<String> sessionOnly = new ArrayList<>();
        for (Sample s : samples.subList(1, samples.size())) {
            sessionOnly.add(verdictOf(s.model(), s.sessionOnlyKb(), ref.sessionOnlyKb()));
            load.add(verdictOf(s.model(), s.loadKb(), ref.loadKb()));
            classify.add(verdictOf(s.model(), s.loadAndClassifyKb(), ref.loadAndClassifyKb()));
            fromStart.add(verdictOf(s.model(), s.fromStartKb(), ref.fromStartKb()));
        }
        String n = System.lineSeparator();
        return String.format(Locale.ROOT, "INT4 session load growth <= %.0f%% of FP32's: %s%n", 100 * TARGET, String.join(", ", load))
                + "  without the engine's tokenizer (load growth - tokenizer inst.): " + String.join(", ", sessionOnly) + n
                + "  including the first classify: " + String.join(", ", classify) + n
                + "  counted from JVM start (runtime libraries' own load included): " + String.join(", ", fromStart) + n;
    }

    private static String verdictOf(String model, long kb, long refKb) {
        return model + " " + percent(kb, refKb) + "% " + ThroughputReport.verdict((double) kb / refKb <= TARGET);
    }

    static String mib(long kb) {
        return String.format(Locale.ROOT, "%.1f", kb / 1024.0);
    }

    static String percent(long kb, long refKb) {
        return refKb <= 0 ? "-" : String.format(Locale.ROOT, "%.1f", 100.0 * kb / refKb);
    }
}
