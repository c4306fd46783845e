package io.fuzzycal.calibration;

import java.util.Objects;

/** Per-method settings used when {@link CalibrationMethods} builds a calibrator from its name. */
public record MethodOptions(FuzzyOptions fuzzy, DirichletOptions dirichlet, TargetPrior targetPrior) {
    public MethodOptions {
        Objects.requireNonNull(fuzzy, "fuzzy");
        Objects.requireNonNull(dirichlet, "dirichlet");
        Objects.requireNonNull(targetPrior, "targetPrior");
    }

    public static MethodOptions defaults() {
        return new MethodOptions(FuzzyOptions.defaults(), DirichletOptions.defaults(), TargetPrior.em());
    }

    public MethodOptions withFuzzy(FuzzyOptions f) {
        return new MethodOptions(f, dirichlet, targetPrior);
    }

    public MethodOptions withDirichlet(DirichletOptions d) {
        return new MethodOptions(fuzzy, d, targetPrior);
    }

    public MethodOptions withTargetPrior(TargetPrior t) {
        return new MethodOptions(fuzzy, dirichlet, t);
    }
}
