package io.fuzzycal.cli;

import io.fuzzycal.calibration.CalibrationMethods;
import io.fuzzycal.calibration.TargetPrior;
import io.fuzzycal.calibration.compare.Comparison;
import io.fuzzycal.calibration.compare.ComparisonSettings;
import io.fuzzycal.calibration.compare.MethodResult;
import io.fuzzycal.calibration.metrics.MetricReport;
import io.fuzzycal.calibration.stats.ConfidenceInterval;
import io.fuzzycal.bench.TextTable;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.IntStream;

/** Renders a {@link Comparison} as an aligned plain-text table with a short legend. */
final class ComparisonTable {
    private static final String[] HEADER = {
        "method", "ECE [95% CI]", "ECE eq-mass", "cw-ECE", "MCE", "Brier", "NLL", "accuracy", "McNemar p"
    };
    private static final int DIGITS = 4;

    private ComparisonTable() {
    }

    static String render(Comparison c, Path train, Path test) {
        ComparisonSettings s = c.settings();
        TextTable table = new TextTable(header(s)).leftAligned(IntStream.range(1, HEADER.length).toArray());
        for (MethodResult r : c.results()) {
            table.row(row(r));
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "fitted on %s (%d rows), scored on %s (%d rows): %d classes, seed %d%n%n",
                train, c.trainRows(), test, c.testRows(), c.classes(), s.seed()));
        out.append(table.render());
        out.append(System.lineSeparator());
        out.append(legend(c));
        return out.toString();
    }

    private static String[] header(ComparisonSettings s) {
        String[] h = HEADER.clone();
        h[1] = s.bootstrapResamples() == 0 ? "ECE"
                : "ECE [" + Math.round(s.level() * 100) + "% CI]";
        return h;
    }

    private static String[] row(MethodResult r) {
        MetricReport m = r.metrics();
        ConfidenceInterval ci = r.eceInterval();
        String ece = Format.fixed(m.ece(), DIGITS)
                + (ci == null ? "" : " [" + Format.fixed(ci.lower(), DIGITS) + ", " + Format.fixed(ci.upper(), DIGITS) + "]");
        boolean reference = r.method().equals(CalibrationMethods.UNCALIBRATED);
        return new String[] {
            r.method(), ece, Format.fixed(m.equalMassEce(), DIGITS), Format.fixed(m.classwiseEce(), DIGITS),
            Format.fixed(m.mce(), DIGITS), Format.fixed(m.brier(), DIGITS), Format.fixed(m.nll(), DIGITS),
            Format.fixed(m.accuracy(), DIGITS), reference ? "-" : pValue(r.versusUncalibrated().pValue())
        };
    }

    private static String pValue(double p) {
        return p < 1e-4 ? "<0.0001" : Format.fixed(p, DIGITS);
    }

    private static String legend(Comparison c) {
        ComparisonSettings s = c.settings();
        StringBuilder out = new StringBuilder();
        String nl = System.lineSeparator();
        out.append("ECE: top-label, ").append(s.bins()).append(" equal-width bins; eq-mass: equal-mass bins;"
                + " cw: classwise.").append(nl);
        if (s.bootstrapResamples() > 0) {
            out.append("CI: percentile bootstrap over ").append(s.bootstrapResamples())
                    .append(" resamples of the test rows.").append(nl);
        }
        out.append("McNemar p: top-label correctness of each method against uncalibrated.").append(nl);
        TargetPrior.Kind kind = s.options().targetPrior().kind();
        boolean estimated = kind == TargetPrior.Kind.EM || kind == TargetPrior.Kind.BBSE;
        for (MethodResult r : c.results()) {
            if (r.priorRefusal() != null) {
                out.append(r.method()).append(": prior correction refused (").append(r.priorRefusal())
                        .append("); the base map was scored.").append(nl);
            } else if (r.targetPrior() != null) {
                out.append(r.method()).append(": target prior ").append(Format.vector(r.targetPrior()))
                        .append(estimated ? ", estimated by " + kind + " on the test rows without their labels." : ".")
                        .append(nl);
            }
        }
        return out.toString();
    }
}
