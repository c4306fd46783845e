package io.fuzzycal.calibration;

import java.util.Arrays;

/**
 * The {@code prior} step: class-prior bias correction composed after a base method
 * ({@code bias += log π_target − log π_source}). The source prior is the label distribution of the
 * fit data; the target prior is given, uniform, or estimated without labels by the EM procedure of
 * Saerens, Latinne &amp; Decaestecker (2002) on the data the map is applied to.
 */
public final class PriorCorrection implements Calibrator {
    /** EM stops when no class prior moves by more than this. */
    static final double EM_TOLERANCE = 1e-8;
    static final int EM_MAX_ITERATIONS = 10_000;

    private final Calibrator base;
    private final TargetPrior target;

    public PriorCorrection(Calibrator base, TargetPrior target) {
        if (base instanceof PriorCorrection) {
            throw new IllegalArgumentException("prior correction is applied once");
        }
        this.base = base;
        this.target = target;
    }

    @Override
    public String method() {
        return base.method() + CalibrationMethods.PRIOR_SUFFIX;
    }

    @Override
    public FittedCalibrator fit(CalibrationSet data, long seed) {
        FittedCalibrator fitted = base.fit(data, seed);
        int c = data.numClasses();
        double[] source = estimateFromLabels(data.labels(), c);
        double[] targetPrior = switch (target.kind()) {
            case GIVEN -> target.values();
            case UNIFORM -> uniform(c);
            case EM -> null; // estimated by adapt() on the data the map will calibrate
        };
        return new PriorCorrectedMap(fitted, source, targetPrior);
    }

    /** The result of {@link #estimateByEm}. */
    public record EmEstimate(double[] prior, int iterations, boolean converged) {
        public EmEstimate {
            prior = prior.clone();
        }

        @Override
        public double[] prior() {
            return prior.clone();
        }
    }

    /**
     * Estimates the class prior of unlabelled data by EM (Saerens et al. 2002): alternately reweight
     * each posterior by {@code π_k / π_source,k} and set π to the mean reweighted posterior.
     *
     * @param posteriors calibrated posteriors under the source prior, one row per sample
     * @param sourcePrior the prior under which the posteriors are calibrated
     */
    public static EmEstimate estimateByEm(double[][] posteriors, double[] sourcePrior) {
        int c = sourcePrior.length;
        double[] source = requirePrior(sourcePrior, c, "source prior");
        double[] prior = source.clone();
        double[] next = new double[c];
        double[] w = new double[c];
        for (int it = 1; it <= EM_MAX_ITERATIONS; it++) {
            for (int k = 0; k < c; k++) {
                w[k] = prior[k] / source[k];
            }
            Arrays.fill(next, 0);
            for (double[] p : posteriors) {
                double s = 0;
                for (int k = 0; k < c; k++) {
                    s += p[k] * w[k];
                }
                if (s <= 0) {
                    continue;
                }
                for (int k = 0; k < c; k++) {
                    next[k] += p[k] * w[k] / s;
                }
            }
            double move = 0;
            for (int k = 0; k < c; k++) {
                next[k] /= posteriors.length;
                move = Math.max(move, Math.abs(next[k] - prior[k]));
            }
            System.arraycopy(next, 0, prior, 0, c);
            if (move < EM_TOLERANCE) {
                return new EmEstimate(prior, it, true);
            }
        }
        return new EmEstimate(prior, EM_MAX_ITERATIONS, false);
    }

    /** Label frequencies with add-half smoothing, so that a class never seen keeps a positive prior. */
    public static double[] estimateFromLabels(int[] labels, int numClasses) {
        double[] prior = new double[numClasses];
        for (int y : labels) {
            prior[y]++;
        }
        for (int k = 0; k < numClasses; k++) {
            prior[k] = (prior[k] + 0.5) / (labels.length + 0.5 * numClasses);
        }
        return prior;
    }

    /**
     * Completes a map whose target prior is to be estimated by EM, using unlabelled {@code data}.
     * Any other map is returned unchanged.
     */
    public static FittedCalibrator adapt(FittedCalibrator map, CalibrationSet data) {
        if (map instanceof PriorCorrectedMap p && p.targetPrior() == null) {
            return p.adaptTo(data.withoutLabels());
        }
        return map;
    }

    /** Whether {@link #adapt} would estimate a target prior for this map. */
    public static boolean needsTargetPrior(FittedCalibrator map) {
        return map instanceof PriorCorrectedMap p && p.targetPrior() == null;
    }

    /** The target prior a map applies, or {@code null} where it has none (yet). */
    public static double[] targetPriorOf(FittedCalibrator map) {
        return map instanceof PriorCorrectedMap p ? p.targetPrior() : null;
    }

    /** Composes prior correction after an already fitted map. */
    public static FittedCalibrator compose(FittedCalibrator base, double[] sourcePrior, double[] targetPrior) {
        return new PriorCorrectedMap(base, sourcePrior, targetPrior);
    }

    static double[] uniform(int c) {
        double[] u = new double[c];
        Arrays.fill(u, 1.0 / c);
        return u;
    }

    /** Validates a prior: C strictly positive finite entries summing to 1 (±1e-6), renormalised. */
    static double[] requirePrior(double[] prior, int c, String what) {
        if (prior == null || prior.length != c) {
            throw new IllegalArgumentException(what + " must have " + c + " entries, got "
                    + (prior == null ? "none" : prior.length));
        }
        double s = 0;
        for (double v : prior) {
            if (!(v > 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException(what + " entries must be positive and finite: " + Arrays.toString(prior));
            }
            s += v;
        }
        if (Math.abs(s - 1) > 1e-6) {
            throw new IllegalArgumentException(what + " must sum to 1, sums to " + s + ": " + Arrays.toString(prior));
        }
        double[] out = new double[c];
        for (int k = 0; k < c; k++) {
            out[k] = prior[k] / s;
        }
        return out;
    }
}
