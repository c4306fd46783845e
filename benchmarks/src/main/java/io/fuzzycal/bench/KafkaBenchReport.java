package io.fuzzycal.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The console report of {@code fuzzycal bench kafka}: the engine's passes, the service's, ratios and latency. */
final class KafkaBenchReport {
    /** The service through Kafka must reach this share of the engine's best configuration. */
    static final double SERVICE_TARGET = 0.80;

    /**
     * One timed configuration: texts/s in each round (each text scored by FP32 and INT4) and, for a
     * service pass, the engine's reference pass run just before it in the same round.
     */
    record Pass(String name, double[] perRound, double[] adjacentEngine) {
        static Pass of(String name, double[] perRound) {
            return new Pass(name, perRound, new double[0]);
        }

        double best() {
            return Arrays.stream(perRound).max().orElse(Double.NaN);
        }

        double median() {
            return ThroughputReport.median(perRound);
        }

        /** The median over rounds of this pass against its neighbouring engine pass; NaN without one. */
        double adjacentShare() {
            if (adjacentEngine.length != perRound.length || perRound.length == 0) {
                return Double.NaN;
            }
            double[] shares = new double[perRound.length];
            for (int i = 0; i < shares.length; i++) {
                shares[i] = perRound[i] / adjacentEngine[i];
            }
            return ThroughputReport.median(shares);
        }

        String rounds() {
            StringBuilder s = new StringBuilder();
            for (double r : perRound) {
                s.append(s.length() == 0 ? "" : " / ").append(ThroughputReport.fixed(r, 1));
            }
            return s.toString();
        }
    }

    /** Latency from a text's send to both its predictions read committed, at a given send rate. */
    record Latency(String name, double rate, int texts, double p50Millis, double p99Millis, double maxMillis) {
    }

    private KafkaBenchReport() {
    }

    /** The engine's passes and, below them, which one is the reference (the fastest). */
    static String engineTable(List<Pass> engine) {
        TextTable t = new TextTable("engine alone, in-process", "best texts/s", "rounds", "% of best");
        double best = best(engine);
        for (Pass p : engine) {
            t.row(p.name(), ThroughputReport.fixed(p.best(), 1), p.rounds(), ThroughputReport.fixed(100 * p.best() / best, 0));
        }
        return t.render();
    }

    /**
     * The service's passes as shares of the engine's best (best round against best round) and of the
     * engine pass just before each (median over rounds), each with its verdict.
     */
    static String serviceTable(List<Pass> service, double engineBest) {
        String target = "target >= " + Math.round(100 * SERVICE_TARGET) + "%";
        TextTable t = new TextTable("service through Kafka, committed", "best texts/s", "rounds", "% of engine's best",
                target, "% of adjacent engine pass (median)", target);
        for (Pass p : service) {
            double share = p.best() / engineBest;
            double adjacent = p.adjacentShare();
            t.row(p.name(), ThroughputReport.fixed(p.best(), 1), p.rounds(), ThroughputReport.fixed(100 * share, 0),
                    verdict(share), ThroughputReport.fixed(100 * adjacent, 0), Double.isNaN(adjacent) ? "-" : verdict(adjacent));
        }
        return t.render();
    }

    private static String verdict(double share) {
        return share >= SERVICE_TARGET ? "met" : "NOT met";
    }

    static String latencyTable(List<Latency> latencies) {
        TextTable t = new TextTable("latency, text sent -> both predictions committed", "rate texts/s", "texts",
                "p50 ms", "p99 ms", "max ms");
        for (Latency l : latencies) {
            t.row(l.name(), ThroughputReport.fixed(l.rate(), 1), Integer.toString(l.texts()),
                    ThroughputReport.fixed(l.p50Millis(), 0), ThroughputReport.fixed(l.p99Millis(), 0),
                    ThroughputReport.fixed(l.maxMillis(), 0));
        }
        return t.render();
    }

    static double best(List<Pass> passes) {
        return passes.stream().mapToDouble(Pass::best).max().orElse(Double.NaN);
    }

    /** The nearest-rank percentile ({@code q} in (0, 1]) of {@code values}; NaN for none. */
    static double percentile(double[] values, double q) {
        if (q <= 0 || q > 1) {
            throw new IllegalArgumentException("q must be in (0, 1], got " + q);
        }
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int rank = (int) Math.ceil(q * v.length);
        return v[Math.max(rank, 1) - 1];
    }

    static String line(String format, Object... args) {
        return String.format(Locale.ROOT, format, args) + System.lineSeparator();
    }
}
