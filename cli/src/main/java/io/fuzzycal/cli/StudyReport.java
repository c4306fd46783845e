package io.fuzzycal.cli;

import io.fuzzycal.calibration.compare.MethodResult;
import io.fuzzycal.calibration.stats.ConfidenceInterval;
import io.fuzzycal.calibration.study.StudyResult;
import io.fuzzycal.calibration.study.StudyResult.MethodSummary;
import io.fuzzycal.calibration.study.StudyResult.Stat;
import java.util.List;
import java.util.Locale;

/**
 * The study as text: the research's table for the console, and the Markdown report with every
 * table and the reliability diagrams.
 */
final class StudyReport {
    private StudyReport() {
    }

    /** The research's table: method, ECE FP32, ECE INT4, accuracy INT4, Δ%, as mean ± std over seeds. */
    static String table(StudyResult r) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%-18s %-17s %-17s %-15s %-15s%n",
                "method", "ECE (FP32)", "ECE (INT4)", "acc (INT4)", "delta %"));
        for (MethodSummary m : r.summary()) {
            s.append(String.format(Locale.ROOT, "%-18s %-17s %-17s %-15s %-15s%n", m.method(),
                    pm(m.eceFp32(), 3), pm(m.eceInt4(), 3), percent(m.accuracyInt4()), signed(m.eceChangePercent())));
        }
        return s.toString();
    }

    static String markdown(StudyResult r, String source, List<ModelFacts> models, boolean diagrams) {
        StringBuilder s = new StringBuilder();
        s.append("# FP32 → INT4 calibration transfer study\n\n");
        s.append("Calibrators are fitted on the FP32 model's outputs for one stratified half of the texts and scored,\n"
                + "unchanged, on the FP32 and on the INT4 model's outputs for the other half. `+prior` adds class-prior\n"
                + "correction with the target prior estimated on each test half without labels ("
                + r.settings().options().targetPrior() + "), unless the prior guard refuses it (see Prior guard).\n\n");
        s.append(String.format(Locale.ROOT, "- data: %s, %d labelled texts, %d classes%n", source, r.rows(), r.classes()));
        s.append(String.format(Locale.ROOT, "- seeds: %s (one split and fit per seed; tables show mean ± std)%n",
                r.settings().seeds()));
        s.append(String.format(Locale.ROOT, "- %d bins; `fuzzy`: %d regions, at most %d epochs; bootstrap: %d resamples%n",
                r.settings().bins(), r.settings().options().fuzzy().regions(), r.settings().options().fuzzy().maxEpochs(),
                r.settings().bootstrapResamples()));
        s.append(String.format(Locale.ROOT, "- FP32/INT4 argmax agreement: %.1f%%%n%n", 100 * r.argmaxAgreement()));

        s.append("## Models\n\n| variant | file | size (MB) | texts/s |\n|---|---|---|---|\n");
        for (ModelFacts m : models) {
            s.append("| ").append(m.variant()).append(" | `").append(m.file()).append("` | ").append(m.megabytes())
                    .append(" | ").append(m.throughput()).append(" |\n");
        }

        s.append("\n## Results\n\n| Method | ECE (FP32) | ECE (INT4) | Acc (INT4) | Δ % |\n|---|---|---|---|---|\n");
        for (MethodSummary m : r.summary()) {
            s.append("| ").append(m.method()).append(" | ").append(pm(m.eceFp32(), 3)).append(" | ")
                    .append(pm(m.eceInt4(), 3)).append(" | ").append(percent(m.accuracyInt4())).append(" | ")
                    .append(signed(m.eceChangePercent())).append(" |\n");
        }
        s.append("\nΔ %: relative change of ECE from FP32 to INT4, per seed, then averaged.\n");

        s.append("\n## More metrics\n\n| Method | Acc (FP32) | cw-ECE (FP32) | cw-ECE (INT4) | Brier (FP32) | Brier (INT4) "
                + "| NLL (FP32) | NLL (INT4) |\n|---|---|---|---|---|---|---|---|\n");
        for (MethodSummary m : r.summary()) {
            s.append("| ").append(m.method()).append(" | ").append(percent(m.accuracyFp32())).append(" | ")
                    .append(pm(m.classwiseEceFp32(), 3)).append(" | ").append(pm(m.classwiseEceInt4(), 3)).append(" | ")
                    .append(pm(m.brierFp32(), 3)).append(" | ").append(pm(m.brierInt4(), 3)).append(" | ")
                    .append(pm(m.nllFp32(), 3)).append(" | ").append(pm(m.nllInt4(), 3)).append(" |\n");
        }

        StudyResult.SeedRun first = r.runs().get(0);
        s.append(String.format(Locale.ROOT, "%n## Significance (seed %d)%n%n", first.seed()));
        s.append("Against the uncalibrated outputs of the same variant on the same test half: the paired-bootstrap\n"
                + "95% interval of the ECE difference, and McNemar's test of the change in accuracy.\n\n");
        s.append("| Method | ΔECE FP32 [95% CI] | McNemar p FP32 | ΔECE INT4 [95% CI] | McNemar p INT4 |\n"
                + "|---|---|---|---|---|\n");
        for (StudyResult.Transfer t : first.results()) {
            s.append("| ").append(t.method()).append(" | ").append(interval(t.fp32())).append(" | ")
                    .append(pValue(t.fp32())).append(" | ").append(interval(t.int4())).append(" | ")
                    .append(pValue(t.int4())).append(" |\n");
        }

        s.append("\n## Prior guard\n\n");
        int refusals = 0;
        for (StudyResult.SeedRun run : r.runs()) {
            for (StudyResult.Transfer t : run.results()) {
                for (MethodResult m : List.of(t.fp32(), t.int4())) {
                    if (m.priorRefusal() != null) {
                        refusals++;
                        s.append("- seed ").append(run.seed()).append(", ").append(t.method()).append(", ")
                                .append(m == t.fp32() ? "FP32" : "INT4").append(": refused, ").append(m.priorRefusal())
                                .append('\n');
                    }
                }
            }
        }
        if (refusals == 0) {
            s.append("Every prior correction passed the guard.\n");
        }

        if (diagrams) {
            s.append(String.format(Locale.ROOT, "%n## Reliability diagrams (seed %d, test half)%n%n", first.seed()));
            s.append("| Method | FP32 | INT4 |\n|---|---|---|\n");
            for (StudyResult.Transfer t : first.results()) {
                s.append("| ").append(t.method()).append(" | ![").append(t.method()).append(" FP32](")
                        .append(diagramFile(t.method(), "fp32")).append(") | ![").append(t.method()).append(" INT4](")
                        .append(diagramFile(t.method(), "int4")).append(") |\n");
            }
        }
        return s.toString();
    }

    /** File name of a method's reliability diagram, e.g. {@code reliability-fuzzy+prior-int4.png}. */
    static String diagramFile(String method, String variant) {
        return "reliability-" + method.replace('+', '_') + "-" + variant + ".png";
    }

    private static String interval(MethodResult r) {
        ConfidenceInterval ci = r.eceChange();
        if (ci == null) {
            return "-";
        }
        return String.format(Locale.ROOT, "%+.3f [%+.3f, %+.3f]", ci.estimate(), ci.lower(), ci.upper());
    }

    private static String pValue(MethodResult r) {
        double p = r.versusUncalibrated().pValue();
        return p < 0.001 ? "< 0.001" : Format.fixed(p, 3);
    }

    private static String pm(Stat s, int digits) {
        return Format.fixed(s.mean(), digits) + " ± " + Format.fixed(s.std(), digits);
    }

    private static String percent(Stat s) {
        return Format.fixed(100 * s.mean(), 1) + "% ± " + Format.fixed(100 * s.std(), 1);
    }

    private static String signed(Stat s) {
        return String.format(Locale.ROOT, "%+.1f ± %.1f", s.mean(), s.std());
    }
}
