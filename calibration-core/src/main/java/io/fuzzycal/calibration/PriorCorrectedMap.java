package io.fuzzycal.calibration;

import java.util.Arrays;

/**
 * Class-prior bias correction composed after any map: {@code bias += log π_target − log π_source},
 * which is Bayes' rule for label shift (Saerens et al. 2002). With no target prior yet (it is to be
 * estimated on the data the map will see, see {@link PriorCorrection#adapt}), it passes the base through.
 */
final class PriorCorrectedMap implements FittedCalibrator {
    private final FittedCalibrator base;
    private final double[] sourcePrior;
    private final double[] targetPrior; // null: not estimated yet
    private final double[] ratio;       // target / source, null with no target
    private final PriorEstimation estimation; // how to estimate the target; null for a fixed one

    /** A fixed target prior, or (null) one EM will estimate: the form of files written before BBSE. */
    PriorCorrectedMap(FittedCalibrator base, double[] sourcePrior, double[] targetPrior) {
        this(base, sourcePrior, targetPrior, targetPrior == null ? PriorEstimation.legacyEm() : null);
    }

    PriorCorrectedMap(FittedCalibrator base, double[] sourcePrior, double[] targetPrior, PriorEstimation estimation) {
        if (base instanceof PriorCorrectedMap) {
            throw new IllegalArgumentException("prior correction is applied once; compose it after a base method");
        }
        this.base = base;
        this.sourcePrior = PriorCorrection.requirePrior(sourcePrior, base.numClasses(), "source prior");
        this.targetPrior = targetPrior == null ? null
                : PriorCorrection.requirePrior(targetPrior, base.numClasses(), "target prior");
        if (targetPrior == null && estimation == null) {
            throw new IllegalArgumentException("a prior correction without a target prior needs an estimation");
        }
        this.estimation = estimation;
        if (this.targetPrior == null) {
            this.ratio = null;
        } else {
            this.ratio = new double[sourcePrior.length];
            for (int k = 0; k < ratio.length; k++) {
                ratio[k] = this.targetPrior[k] / this.sourcePrior[k];
            }
        }
    }

    FittedCalibrator base() {
        return base;
    }

    double[] sourcePrior() {
        return sourcePrior.clone();
    }

    /** The target prior, or {@code null} when it is still to be estimated. */
    double[] targetPrior() {
        return targetPrior == null ? null : targetPrior.clone();
    }

    /** How the target prior is estimated, or {@code null} for a fixed one. */
    PriorEstimation estimation() {
        return estimation;
    }

    /** The same correction with another target prior (keeping how it was estimated). */
    PriorCorrectedMap withTargetPrior(double[] target) {
        return new PriorCorrectedMap(base, sourcePrior, target, estimation);
    }

    @Override
    public String method() {
        return base.method() + CalibrationMethods.PRIOR_SUFFIX;
    }

    @Override
    public int numClasses() {
        return base.numClasses();
    }

    @Override
    public void calibrateLog(double[] logProbs, double[] out) {
        base.calibrateLog(logProbs, out);
        if (ratio == null) {
            return;
        }
        double s = 0;
        for (int k = 0; k < ratio.length; k++) {
            out[k] *= ratio[k];
            s += out[k];
        }
        if (s > 0) {
            double inv = 1.0 / s;
            for (int k = 0; k < ratio.length; k++) {
                out[k] *= inv;
            }
        }
    }

    /** The base's parameters, then the source prior, then the target prior (source again if unset). */
    @Override
    public double[] parameterVector() {
        double[] p = base.parameterVector();
        int n = p.length;
        int c = sourcePrior.length;
        double[] v = Arrays.copyOf(p, n + 2 * c);
        System.arraycopy(sourcePrior, 0, v, n, c);
        System.arraycopy(targetPrior == null ? sourcePrior : targetPrior, 0, v, n + c, c);
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PriorCorrectedMap m && base.equals(m.base)
                && Arrays.equals(sourcePrior, m.sourcePrior) && Arrays.equals(targetPrior, m.targetPrior)
                && java.util.Objects.equals(estimation, m.estimation);
    }

    @Override
    public int hashCode() {
        return 31 * base.hashCode() + Arrays.hashCode(sourcePrior) + 7 * Arrays.hashCode(targetPrior);
    }

    @Override
    public String toString() {
        return method() + "[source=" + Arrays.toString(sourcePrior) + ", target=" + Arrays.toString(targetPrior) + "]";
    }
}
