package io.fuzzycal.cli;

import io.fuzzycal.calibration.CalibrationMethods;
import io.fuzzycal.calibration.stats.MeanAndError;
import io.fuzzycal.calibration.stats.PairedDifference;
import io.fuzzycal.calibration.study.SplitResult;
import io.fuzzycal.calibration.study.SplitResult.MethodSeries;
import io.fuzzycal.calibration.study.SplitResult.SizeRun;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The paired-splits study as Markdown: per calibration size, each method's mean ± standard error
 * and its paired difference (± SE, wins) against dirichlet and temperature; then the learning curve.
 */
final class SplitReport {
    static final List<String> REFERENCES = List.of(CalibrationMethods.DIRICHLET, CalibrationMethods.TEMPERATURE);

    private SplitReport() {
    }

    static String markdown(SplitResult r) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "## Paired splits (%d stratified half splits, seeds %d–%d)%n%n", r.splits(),
                r.firstSeed(), r.firstSeed() + r.splits() - 1));
        s.append("Every method is fitted on the same FP32 calibration rows of each split and scored on the same test\n"
                + "rows, so differences are paired: mean ± standard error over splits, and wins = splits where the\n"
                + "method's ECE was lower. Negative is better for the method.\n");
        for (SizeRun run : r.sizes()) {
            s.append(String.format(Locale.ROOT, "%n### %s calibration rows (test rows: %d)%n%n", rows(run), run.testRows()));
            s.append("| Method | ECE (FP32) | ECE (INT4) | NLL (FP32) | NLL (INT4) | − dirichlet FP32 | − dirichlet INT4"
                    + " | − temperature FP32 | − temperature INT4 | fit s |\n|---|---|---|---|---|---|---|---|---|---|\n");
            for (MethodSeries m : run.methods()) {
                s.append("| ").append(m.method()).append(" | ").append(me(m.meanEceFp32(), 4)).append(" | ")
                        .append(me(m.meanEceInt4(), 4)).append(" | ").append(me(m.meanNllFp32(), 4)).append(" | ")
                        .append(me(m.meanNllInt4(), 4));
                for (String ref : REFERENCES) {
                    Optional<SplitResult.Comparison> c = m.method().equals(ref) ? Optional.empty()
                            : run.compare(m.method(), ref);
                    s.append(" | ").append(c.map(x -> pd(x.eceFp32())).orElse("—"));
                    s.append(" | ").append(c.map(x -> pd(x.eceInt4())).orElse("—"));
                }
                s.append(String.format(Locale.ROOT, " | %.3f |%n", MeanAndError.of(m.fitSeconds()).mean()));
            }
            appendPriorEffects(s, run);
            appendAutoPicks(s, run);
        }
        if (r.sizes().size() > 1) {
            s.append("\n## Learning curve: test ECE against labelled calibration rows (mean ± SE over splits)\n\n");
            s.append(learningCurve(r));
        }
        return s.toString();
    }

    /** Each {@code X+prior} against its {@code X}: the test NLL change and how often the guard refused. */
    private static void appendPriorEffects(StringBuilder s, SizeRun run) {
        StringBuilder rows = new StringBuilder();
        for (MethodSeries m : run.methods()) {
            if (!m.method().endsWith(CalibrationMethods.PRIOR_SUFFIX) && !m.method().equals(CalibrationMethods.PRIOR)) {
                continue;
            }
            String base = m.method().equals(CalibrationMethods.PRIOR) ? CalibrationMethods.UNCALIBRATED
                    : m.method().substring(0, m.method().length() - CalibrationMethods.PRIOR_SUFFIX.length());
            Optional<MethodSeries> b = run.method(base);
            if (b.isEmpty()) {
                continue;
            }
            rows.append("| ").append(m.method()).append(" | ")
                    .append(pd(PairedDifference.of(m.nllFp32(), b.get().nllFp32()))).append(" | ")
                    .append(pd(PairedDifference.of(m.nllInt4(), b.get().nllInt4()))).append(" | ")
                    .append(pd(PairedDifference.of(m.eceFp32(), b.get().eceFp32()))).append(" | ")
                    .append(pd(PairedDifference.of(m.eceInt4(), b.get().eceInt4()))).append(" | ")
                    .append(String.format(Locale.ROOT, "%+.4f", Math.max(worst(m.nllFp32(), b.get().nllFp32()),
                            worst(m.nllInt4(), b.get().nllInt4())))).append(" | ")
                    .append(m.priorRefusals()).append(" of ").append(2 * m.eceFp32().length).append(" |\n");
        }
        if (rows.length() > 0) {
            s.append("\nPrior correction against its base map (test NLL and ECE change; refused: test halves where the"
                    + " guard kept the base map; worst: the largest NLL rise on any one test half):\n\n"
                    + "| Method | ΔNLL FP32 | ΔNLL INT4 | ΔECE FP32 | ΔECE INT4 | worst ΔNLL | refused |\n"
                    + "|---|---|---|---|---|---|---|\n").append(rows);
        }
    }

    private static double worst(double[] a, double[] b) {
        double w = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < a.length; i++) {
            w = Math.max(w, a[i] - b[i]);
        }
        return w;
    }

    private static void appendAutoPicks(StringBuilder s, SizeRun run) {
        run.method(CalibrationMethods.AUTO).ifPresent(m -> {
            Map<String, Integer> counts = new LinkedHashMap<>();
            m.chosen().forEach(c -> counts.merge(c, 1, Integer::sum));
            s.append("\n`auto` chose: ");
            counts.forEach((k, v) -> s.append(k).append(' ').append(v).append("× "));
            s.append('\n');
        });
    }

    /** Methods as rows, calibration sizes as columns, ECE FP32 / INT4 in each cell. */
    static String learningCurve(SplitResult r) {
        StringBuilder s = new StringBuilder("| Method |");
        StringBuilder rule = new StringBuilder("|---|");
        for (SizeRun run : r.sizes()) {
            s.append(' ').append(rows(run)).append(" rows: FP32 / INT4 |");
            rule.append("---|");
        }
        s.append('\n').append(rule).append('\n');
        for (MethodSeries m : r.sizes().get(0).methods()) {
            s.append("| ").append(m.method()).append(" |");
            for (SizeRun run : r.sizes()) {
                run.method(m.method()).ifPresent(x -> s.append(' ').append(me(x.meanEceFp32(), 4)).append(" / ")
                        .append(me(x.meanEceInt4(), 4)).append(" |"));
            }
            s.append('\n');
        }
        return s.toString();
    }

    /** The paired differences of the largest size against the references, for the console. */
    static String console(SplitResult r) {
        SizeRun run = r.sizes().get(r.sizes().size() - 1);
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "%nPaired over %d splits, %s calibration rows: ECE difference ± SE (wins)%n", r.splits(), rows(run)));
        s.append(String.format(Locale.ROOT, "%-18s %-26s %-26s %-26s %-26s%n", "method", "- dirichlet FP32",
                "- dirichlet INT4", "- temperature FP32", "- temperature INT4"));
        for (MethodSeries m : run.methods()) {
            s.append(String.format(Locale.ROOT, "%-18s", m.method()));
            for (String ref : REFERENCES) {
                Optional<SplitResult.Comparison> c = m.method().equals(ref) ? Optional.empty() : run.compare(m.method(), ref);
                s.append(String.format(Locale.ROOT, " %-26s %-26s", c.map(x -> pd(x.eceFp32())).orElse("-"),
                        c.map(x -> pd(x.eceInt4())).orElse("-")));
            }
            s.append('\n');
        }
        return s.toString();
    }

    static String rows(SizeRun run) {
        return run.requestedRows() == 0 ? "all (" + run.calibrationRows() + ")" : String.valueOf(run.calibrationRows());
    }

    private static String me(MeanAndError m, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f ± %." + digits + "f", m.mean(), m.standardError());
    }

    private static String pd(PairedDifference d) {
        return String.format(Locale.ROOT, "%+.4f ± %.4f (%d/%d)", d.mean(), d.standardError(), d.wins(), d.n());
    }
}
