package io.fuzzycal.calibration;

/**
 * Weights of the terms of the {@code fuzzy} objective: NLL + soft ECE + classwise soft ECE + Brier.
 * A weight of 0 drops its term.
 */
public record LossWeights(double nll, double softEce, double classwiseSoftEce, double brier) {
    public LossWeights {
        for (double w : new double[] {nll, softEce, classwiseSoftEce, brier}) {
            if (!(w >= 0) || !Double.isFinite(w)) {
                throw new IllegalArgumentException("loss weights must be finite and non-negative: " + w);
            }
        }
        if (nll + softEce + classwiseSoftEce + brier == 0) {
            throw new IllegalArgumentException("at least one loss weight must be positive");
        }
    }

    /** All four terms with weight 1, as in the research. */
    public static LossWeights defaults() {
        return new LossWeights(1, 1, 1, 1);
    }
}
