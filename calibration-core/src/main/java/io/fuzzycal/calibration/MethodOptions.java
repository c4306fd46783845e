package io.fuzzycal.calibration;

import java.util.Objects;

/** Per-method settings used when {@link CalibrationMethods} builds a calibrator from its name. */
public record MethodOptions(FuzzyOptions fuzzy, DirichletOptions dirichlet, TargetPrior targetPrior, AutoOptions auto) {
    public MethodOptions {
        Objects.requireNonNull(fuzzy, "fuzzy");
        Objects.requireNonNull(dirichlet, "dirichlet");
        Objects.requireNonNull(targetPrior, "targetPrior");
        Objects.requireNonNull(auto, "auto");
    }

    public static MethodOptions defaults() {
        return new MethodOptions(FuzzyOptions.defaults(), DirichletOptions.defaults(), TargetPrior.bbse(), AutoOptions.defaults());
    }

    public MethodOptions withFuzzy(FuzzyOptions f) {
        return new MethodOptions(f, dirichlet, targetPrior, auto);
    }

    public MethodOptions withDirichlet(DirichletOptions d) {
        return new MethodOptions(fuzzy, d, targetPrior, auto);
    }

    public MethodOptions withTargetPrior(TargetPrior t) {
        return new MethodOptions(fuzzy, dirichlet, t, auto);
    }

    public MethodOptions withAuto(AutoOptions a) {
        return new MethodOptions(fuzzy, dirichlet, targetPrior, a);
    }
}
