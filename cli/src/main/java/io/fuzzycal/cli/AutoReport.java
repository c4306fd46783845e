package io.fuzzycal.cli;

import io.fuzzycal.calibration.AutoCalibrator;
import java.util.Locale;

/** One line on what {@code auto} chose and the fold scores behind it. */
final class AutoReport {
    private AutoReport() {
    }

    static String describe(AutoCalibrator.Selection s) {
        StringBuilder b = new StringBuilder("chose ").append(s.chosen()).append(" (").append(s.reason()).append(')');
        if (!s.scores().isEmpty()) {
            b.append("; fold scores:");
            for (AutoCalibrator.CandidateScore c : s.scores()) {
                b.append(String.format(Locale.ROOT, " %s %.4f ± %.4f", c.method(), c.mean(), c.standardError()));
            }
        }
        return b.toString();
    }
}
