package io.fuzzycal.calibration;

import io.fuzzycal.calibration.stats.MeanAndError;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the {@code auto} method.
 *
 * @param folds K of the stratified K-fold cross-validation on the fit data
 * @param candidates base methods from the simplest to the most flexible; the one-standard-error rule
 *     moves toward the front of this list
 * @param criterion what the folds score
 * @param rule how a simpler candidate may stand in for the best
 */
public record AutoOptions(int folds, List<String> candidates, Criterion criterion, Rule rule) {

    /** The held-out score to minimise. */
    public enum Criterion {
        ECE,
        NLL,
        /**
         * NLL while a held-out fold has fewer than {@link #ECE_FOLD_ROWS} rows, ECE from there: binned
         * ECE on a few hundred rows is noise the size of the differences between methods (docs/study.md),
         * while NLL barely sees the confidence-dependent errors the fuzzy map fixes on large windows.
         */
        BY_SIZE;

        /** Held-out rows per fold from which {@link #BY_SIZE} scores ECE. */
        public static final int ECE_FOLD_ROWS = 1_000;

        /** The criterion scored for folds of this many held-out rows. */
        public Criterion forFoldRows(int rows) {
            return this != BY_SIZE ? this : rows >= ECE_FOLD_ROWS ? ECE : NLL;
        }
    }

    /**
     * When a simpler candidate is kept instead of the one with the lowest mean fold score.
     */
    public enum Rule {
        /** Within one standard error of the best's fold scores (Breiman's rule). */
        ONE_SE,
        /**
         * Within one standard error of the paired per-fold differences to the best: the folds' shared
         * difficulty cancels, so a real gain is not drowned by how much the folds differ from each other.
         */
        PAIRED_ONE_SE,
        /** Never: the lowest mean fold score wins. */
        LOWEST;

        /** Whether a simpler candidate with these fold scores stands in for the best (lower is better). */
        public boolean keepsSimpler(double[] simplerFolds, double[] bestFolds) {
            if (simplerFolds.length != bestFolds.length) {
                throw new IllegalArgumentException("fold scores differ in length: " + simplerFolds.length + " and "
                        + bestFolds.length);
            }
            return switch (this) {
                case LOWEST -> false;
                case ONE_SE -> {
                    MeanAndError simpler = MeanAndError.of(simplerFolds);
                    MeanAndError best = MeanAndError.of(bestFolds);
                    yield simpler.mean() <= best.mean() + best.standardError();
                }
                case PAIRED_ONE_SE -> {
                    double[] d = new double[simplerFolds.length];
                    for (int f = 0; f < d.length; f++) {
                        d[f] = simplerFolds[f] - bestFolds[f];
                    }
                    MeanAndError diff = MeanAndError.of(d);
                    yield diff.mean() <= diff.standardError();
                }
            };
        }
    }

    public AutoOptions(int folds, List<String> candidates, Criterion criterion) {
        this(folds, candidates, criterion, Rule.ONE_SE);
    }

    public AutoOptions {
        candidates = List.copyOf(candidates);
        Objects.requireNonNull(criterion, "criterion");
        Objects.requireNonNull(rule, "rule");
        if (folds < 2) {
            throw new IllegalArgumentException("auto needs at least 2 folds, got " + folds);
        }
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("auto needs at least one candidate method");
        }
        for (String c : candidates) {
            if (!CalibrationMethods.BASE_METHODS.contains(c) || c.equals(CalibrationMethods.UNCALIBRATED)) {
                throw new IllegalArgumentException("auto candidates are fitted base methods (temperature, affine,"
                        + " dirichlet, fuzzy); got '" + c + "'");
            }
        }
    }

    /**
     * Fold NLL (ECE on large folds) with the paired rule: on 30 paired splits (docs/study.md) fold ECE
     * on small folds was noise and the unpaired rule kept temperature where a fuller map was clearly
     * better (425 news rows: 0.0063 behind the best fixed method, 0.0032 with these).
     */
    public static AutoOptions defaults() {
        return new AutoOptions(5, List.of(CalibrationMethods.TEMPERATURE, CalibrationMethods.AFFINE,
                CalibrationMethods.DIRICHLET, CalibrationMethods.FUZZY), Criterion.BY_SIZE, Rule.PAIRED_ONE_SE);
    }

    public AutoOptions withFolds(int k) {
        return new AutoOptions(k, candidates, criterion, rule);
    }

    public AutoOptions withCandidates(List<String> c) {
        return new AutoOptions(folds, c, criterion, rule);
    }

    public AutoOptions withCriterion(Criterion c) {
        return new AutoOptions(folds, candidates, c, rule);
    }

    public AutoOptions withRule(Rule r) {
        return new AutoOptions(folds, candidates, criterion, r);
    }
}
