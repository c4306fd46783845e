package io.fuzzycal.calibration;

import java.util.Arrays;

/**
 * The {@code prior} step: class-prior bias correction composed after a base method
 * ({@code bias += log π_target − log π_source}). The source prior is the label distribution of the
 * fit data; the target prior is given, uniform, estimated without labels on the data the map is
 * applied to (BBSE by default, see {@link BbseEstimator}, or the EM procedure of Saerens, Latinne &amp;
 * Decaestecker 2002), or taken from a few labelled target rows ({@code supervised}). Estimated
 * corrections pass {@link PriorGuard} or are refused, with the reason in {@link Adaptation}.
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
        return switch (target.kind()) {
            case GIVEN -> new PriorCorrectedMap(fitted, source, target.values());
            case UNIFORM -> new PriorCorrectedMap(fitted, source, uniform(c));
            case EM, BBSE, SUPERVISED -> new PriorCorrectedMap(fitted, source, null,
                    estimation(target.kind(), fitted, data, source));
        };
    }

    /**
     * Composes an estimated prior correction after an already fitted base map, running the fit-time
     * checks on its labelled fit data (what {@link #fit} does after fitting the base).
     */
    public static FittedCalibrator composeEstimated(FittedCalibrator base, CalibrationSet fitData, TargetPrior.Kind kind) {
        double[] source = estimateFromLabels(fitData.labels(), fitData.numClasses());
        return new PriorCorrectedMap(base, source, null, estimation(kind, base, fitData, source));
    }

    /**
     * The same correction with its estimator's fit-time state (BBSE's confusion matrix, the fit-time
     * checks) recomputed on another model variant's outputs for the same labelled fit rows. BBSE
     * assumes the target's outputs come from the classifier whose confusion matrix it holds: an FP32
     * matrix read against INT4 outputs takes the quantisation's shift in the mean posterior for a
     * label shift (the study saw test NLL rise by 0.02 that way). Other maps are returned unchanged.
     */
    public static FittedCalibrator forVariant(FittedCalibrator map, CalibrationSet variantFitData) {
        if (!(map instanceof PriorCorrectedMap p) || p.targetPrior() != null || p.estimation() == null
                || p.estimation().kind() == TargetPrior.Kind.SUPERVISED) {
            return map;
        }
        double[] source = p.sourcePrior();
        return new PriorCorrectedMap(p.base(), source, null,
                estimation(p.estimation().kind(), p.base(), variantFitData, source));
    }

    /** The estimator's fit-time state: BBSE's confusion matrix and the verdict of the fit-time checks. */
    private static PriorEstimation estimation(TargetPrior.Kind kind, FittedCalibrator base, CalibrationSet data,
                                              double[] source) {
        if (kind == TargetPrior.Kind.SUPERVISED) {
            return new PriorEstimation(kind, null, data.size(), null);
        }
        double[][] posteriors = base.calibrate(data);
        double[] confusion = kind == TargetPrior.Kind.BBSE
                ? BbseEstimator.confusion(posteriors, data.labels(), data.numClasses()) : null;
        String refusal = PriorGuard.fitTimeRefusal(kind, posteriors, data.labels(), source, confusion);
        double[] spread = kind == TargetPrior.Kind.BBSE
                ? PriorGuard.spread(kind, posteriors, source, confusion, BOOTSTRAP_SEED) : null;
        return new PriorEstimation(kind, confusion, data.size(), spread, refusal);
    }

    /**
     * What {@link #adaptWithReport} did.
     *
     * @param map the map to apply: corrected, or with the target prior set to the source prior when refused
     * @param estimate the estimated target prior, or {@code null} where none was estimated
     * @param refusal why the correction was refused, or {@code null} when it was applied (or nothing was to be estimated)
     */
    public record Adaptation(FittedCalibrator map, double[] estimate, String refusal) {
        public boolean refused() {
            return refusal != null;
        }
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
     * Completes a map whose target prior is to be estimated, using {@code data} (its labels only for
     * {@code supervised}). Any other map is returned unchanged. Callers that show results should use
     * {@link #adaptWithReport}, so that a refusal is reported.
     */
    public static FittedCalibrator adapt(FittedCalibrator map, CalibrationSet data) {
        return adaptWithReport(map, data).map();
    }

    /** {@link #adapt} with the estimate and any refusal of {@link PriorGuard}. */
    public static Adaptation adaptWithReport(FittedCalibrator map, CalibrationSet data) {
        if (!(map instanceof PriorCorrectedMap p) || p.targetPrior() != null) {
            return new Adaptation(map, null, null);
        }
        PriorEstimation e = p.estimation();
        double[] source = p.sourcePrior();
        if (e.refusal() != null) {
            return new Adaptation(p.withTargetPrior(source), null, e.refusal());
        }
        if (e.kind() == TargetPrior.Kind.SUPERVISED) {
            if (!data.isLabelled()) {
                throw new IllegalArgumentException("a supervised target prior needs labelled target rows");
            }
            double[] prior = estimateFromLabels(data.labels(), data.numClasses());
            return new Adaptation(p.withTargetPrior(prior), prior, null);
        }
        double[][] posteriors = p.base().calibrate(data.withoutLabels());
        double[] estimate = PriorGuard.estimate(e.kind(), posteriors, source, e.confusion(), null);
        if (estimate == null) {
            return new Adaptation(p.withTargetPrior(source), null, "the confusion matrix is singular");
        }
        String insignificant = PriorGuard.insignificance(e.kind(), posteriors, source, e.sourceRows(),
                e.sourceSpread(), e.confusion(), estimate, BOOTSTRAP_SEED);
        if (insignificant != null) {
            return new Adaptation(p.withTargetPrior(source), estimate, insignificant);
        }
        return new Adaptation(p.withTargetPrior(estimate), estimate, null);
    }

    /** Fixed, so that applying a map to the same rows twice gives the same result. */
    static final long BOOTSTRAP_SEED = 20021;

    /**
     * Estimates a target prior from the mean posterior by BBSE with a confusion matrix from labelled
     * source rows; {@code null} when the matrix is singular. For tests and reports.
     */
    public static double[] estimateByBbse(double[][] sourcePosteriors, int[] sourceLabels, double[][] targetPosteriors) {
        int c = targetPosteriors[0].length;
        return BbseEstimator.estimate(BbseEstimator.confusion(sourcePosteriors, sourceLabels, c),
                BbseEstimator.meanPosterior(targetPosteriors, null));
    }

    /** Whether {@link #adapt} takes this map's target prior from labelled target rows. */
    public static boolean needsTargetLabels(FittedCalibrator map) {
        return map instanceof PriorCorrectedMap p && p.targetPrior() == null && p.estimation() != null
                && p.estimation().kind() == TargetPrior.Kind.SUPERVISED;
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
