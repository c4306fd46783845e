package io.fuzzycal.calibration;

import io.fuzzycal.calibration.metrics.CalibrationMeasures;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code auto} method: picks among its candidates by stratified K-fold cross-validation on the
 * fit data, with a one-standard-error rule (by default the first, i.e. simplest, candidate whose
 * per-fold differences to the best average within one standard error of zero; see
 * {@link AutoOptions.Rule}), then fits the pick on all rows. Small windows have noisy fold scores, so
 * the rule lands on a simple map; large ones can afford the fuzzy map.
 */
public final class AutoCalibrator implements Calibrator {
    /** Below this many rows of some class per fold the folds say nothing; the simplest candidate is fitted. */
    static final int MIN_CLASS_ROWS_PER_FOLD = 5;

    private final AutoOptions options;
    private final MethodOptions methods;

    public AutoCalibrator(AutoOptions options, MethodOptions methods) {
        this.options = options;
        this.methods = methods;
    }

    @Override
    public String method() {
        return CalibrationMethods.AUTO;
    }

    /** One candidate's fold scores. */
    public record CandidateScore(String method, double mean, double standardError) {
    }

    /** What {@link #select} chose and why; {@code scores} is empty when the data were too small to fold. */
    public record Selection(String chosen, List<CandidateScore> scores, String reason) {
        public Selection {
            scores = List.copyOf(scores);
        }
    }

    @Override
    public FittedCalibrator fit(CalibrationSet data, long seed) {
        return fitWithSelection(data, seed).calibrator();
    }

    /** A fit and the selection behind it. */
    public record Fit(FittedCalibrator calibrator, Selection selection) {
    }

    public Fit fitWithSelection(CalibrationSet data, long seed) {
        Selection s = select(data, seed);
        return new Fit(CalibrationMethods.create(s.chosen(), methods).fit(data, seed), s);
    }

    /** Cross-validates every candidate and applies the rule. */
    public Selection select(CalibrationSet data, long seed) {
        if (!data.isLabelled()) {
            throw new IllegalArgumentException("auto needs labelled data to fit");
        }
        int k = options.folds();
        String simplest = options.candidates().get(0);
        int smallestClass = Integer.MAX_VALUE;
        for (int count : data.classCounts()) {
            smallestClass = Math.min(smallestClass, count);
        }
        if (options.candidates().size() == 1 || smallestClass < k * MIN_CLASS_ROWS_PER_FOLD) {
            return new Selection(simplest, List.of(), "too few rows per class (" + smallestClass + ") for "
                    + k + " folds: the simplest candidate");
        }
        int[] fold = StratifiedFolds.assign(data.labels(), data.numClasses(), k, seed);
        AutoOptions.Criterion criterion = options.criterion().forFoldRows(data.size() / k);
        List<CandidateScore> scores = new ArrayList<>();
        List<double[]> folds = new ArrayList<>();
        for (String candidate : options.candidates()) {
            Calibrator calibrator = CalibrationMethods.create(candidate, methods);
            double[] perFold = new double[k];
            for (int f = 0; f < k; f++) {
                CalibrationSet train = data.subset(StratifiedFolds.rows(fold, f, false));
                CalibrationSet held = data.subset(StratifiedFolds.rows(fold, f, true));
                double[][] p = calibrator.fit(train, seed + f).calibrate(held);
                perFold[f] = criterion == AutoOptions.Criterion.ECE
                        ? CalibrationMeasures.ece(p, held.labels(), CalibrationMeasures.DEFAULT_BINS)
                        : CalibrationMeasures.nll(p, held.labels());
            }
            io.fuzzycal.calibration.stats.MeanAndError me = io.fuzzycal.calibration.stats.MeanAndError.of(perFold);
            scores.add(new CandidateScore(candidate, me.mean(), me.standardError()));
            folds.add(perFold);
        }
        int best = 0;
        for (int i = 1; i < scores.size(); i++) {
            if (scores.get(i).mean() < scores.get(best).mean()) {
                best = i;
            }
        }
        for (int i = 0; i < best; i++) {
            if (options.rule().keepsSimpler(folds.get(i), folds.get(best))) {
                return new Selection(scores.get(i).method(), scores, "simplest within one "
                        + (options.rule() == AutoOptions.Rule.PAIRED_ONE_SE ? "paired " : "") + "standard error of "
                        + scores.get(best).method());
            }
        }
        return new Selection(scores.get(best).method(), scores, "lowest mean fold " + criterion);
    }
}
