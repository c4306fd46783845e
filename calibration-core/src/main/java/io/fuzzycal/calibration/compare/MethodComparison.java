package io.fuzzycal.calibration.compare;

import io.fuzzycal.calibration.CalibrationMethods;
import io.fuzzycal.calibration.CalibrationSet;
import io.fuzzycal.calibration.Calibrator;
import io.fuzzycal.calibration.FittedCalibrator;
import io.fuzzycal.calibration.PriorCorrection;
import io.fuzzycal.calibration.metrics.CalibrationMeasures;
import io.fuzzycal.calibration.metrics.Metric;
import io.fuzzycal.calibration.stats.Bootstrap;
import io.fuzzycal.calibration.stats.ConfidenceInterval;
import io.fuzzycal.calibration.stats.McNemarTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fits several calibration methods on a labelled training set and scores each on a labelled test
 * set. Maps with an EM target prior ({@code +prior}) are adapted to the test rows without their
 * labels, as a deployment would see them.
 */
public final class MethodComparison {

    /** Told before each method is fitted; fitting {@code fuzzy} takes seconds. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (method, position, total) -> { };

        /**
         * @param position 1-based position of {@code method} among {@code total}
         */
        void fitting(String method, int position, int total);
    }

    private MethodComparison() {
    }

    /**
     * Runs the comparison.
     *
     * @throws IllegalArgumentException on an unknown method name (before anything is fitted), an
     *     unlabelled set, or sets with different numbers of classes
     */
    public static Comparison run(CalibrationSet train, CalibrationSet test, ComparisonSettings settings,
                                 Progress progress) {
        requireLabelled(train, "training");
        requireLabelled(test, "test");
        if (train.numClasses() != test.numClasses()) {
            throw new IllegalArgumentException("the training set has " + train.numClasses()
                    + " classes but the test set has " + test.numClasses());
        }
        Map<String, Calibrator> calibrators = create(settings);
        List<MethodResult> results = new ArrayList<>();
        int position = 0;
        for (Map.Entry<String, Calibrator> e : calibrators.entrySet()) {
            progress.fitting(e.getKey(), ++position, calibrators.size());
            results.add(score(e.getKey(), e.getValue().fit(train, settings.seed()), test, settings));
        }
        return new Comparison(train.size(), test.size(), test.numClasses(), settings, results);
    }

    /**
     * Scores an already fitted map on labelled test rows, against the test rows' own uncalibrated
     * probabilities. A {@code +prior} map with an estimated target is first adapted to the test rows
     * without their labels (a refusal of the prior guard is recorded in the result).
     */
    public static MethodResult score(String method, FittedCalibrator fitted, CalibrationSet test,
                                     ComparisonSettings settings) {
        requireLabelled(test, "test");
        PriorCorrection.Adaptation adaptation = PriorCorrection.adaptWithReport(fitted, test);
        FittedCalibrator map = adaptation.map();
        double[][] p = map.calibrate(test);
        double[][] raw = test.probabilities();
        int[] y = test.labels();
        boolean resample = settings.bootstrapResamples() > 0;
        ConfidenceInterval ece = resample ? Bootstrap.interval(p, y, Metric.ECE, settings.bins(),
                settings.bootstrapResamples(), settings.level(), settings.seed()) : null;
        ConfidenceInterval eceChange = resample ? Bootstrap.pairedDifference(p, raw, y, Metric.ECE, settings.bins(),
                settings.bootstrapResamples(), settings.level(), settings.seed()) : null;
        return new MethodResult(method,
                CalibrationMeasures.evaluate(p, y, settings.bins()),
                ece,
                eceChange,
                McNemarTest.test(correct(p, y), correct(raw, y)),
                CalibrationMeasures.reliability(p, y, settings.bins()),
                PriorCorrection.targetPriorOf(map),
                adaptation.refusal());
    }

    /** Builds every calibrator first, so that a misspelt name fails before minutes of fitting. */
    private static Map<String, Calibrator> create(ComparisonSettings settings) {
        Map<String, Calibrator> calibrators = new LinkedHashMap<>();
        for (String name : settings.methods()) {
            String key = name.trim().toLowerCase(Locale.ROOT);
            if (!calibrators.containsKey(key)) {
                calibrators.put(key, CalibrationMethods.create(key, settings.options()));
            }
        }
        return calibrators;
    }

    /** Whether the top class of each row is its label (ties go to the lower class index). */
    private static boolean[] correct(double[][] p, int[] y) {
        boolean[] ok = new boolean[y.length];
        for (int i = 0; i < y.length; i++) {
            int best = 0;
            for (int k = 1; k < p[i].length; k++) {
                if (p[i][k] > p[i][best]) {
                    best = k;
                }
            }
            ok[i] = best == y[i];
        }
        return ok;
    }

    private static void requireLabelled(CalibrationSet data, String which) {
        if (!data.isLabelled()) {
            throw new IllegalArgumentException("the " + which + " set has no labels; comparing methods needs a label column");
        }
    }
}
