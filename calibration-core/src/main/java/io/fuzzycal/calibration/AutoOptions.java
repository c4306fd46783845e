package io.fuzzycal.calibration;

import java.util.List;
import java.util.Objects;

/**
 * Settings of the {@code auto} method.
 *
 * @param folds K of the stratified K-fold cross-validation on the fit data
 * @param candidates base methods from the simplest to the most flexible; the one-standard-error rule
 *     moves toward the front of this list
 * @param criterion what the folds score
 */
public record AutoOptions(int folds, List<String> candidates, Criterion criterion) {

    /** The held-out score to minimise. */
    public enum Criterion { ECE, NLL }

    public AutoOptions {
        candidates = List.copyOf(candidates);
        Objects.requireNonNull(criterion, "criterion");
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

    public static AutoOptions defaults() {
        return new AutoOptions(5, List.of(CalibrationMethods.TEMPERATURE, CalibrationMethods.AFFINE,
                CalibrationMethods.DIRICHLET, CalibrationMethods.FUZZY), Criterion.ECE);
    }

    public AutoOptions withFolds(int k) {
        return new AutoOptions(k, candidates, criterion);
    }

    public AutoOptions withCandidates(List<String> c) {
        return new AutoOptions(folds, c, criterion);
    }

    public AutoOptions withCriterion(Criterion c) {
        return new AutoOptions(folds, candidates, c);
    }
}
