package io.fuzzycal.calibration;

import java.util.Arrays;
import java.util.Objects;

/**
 * How a {@code +prior} map will find its target prior on the data it calibrates, and what its fit
 * already decided: the estimator, BBSE's confusion matrix from the fit data, the number of fit rows
 * (for the source prior's standard error) and, if the fit-time checks failed, why the correction is
 * refused.
 *
 * @param kind EM, BBSE or SUPERVISED
 * @param confusion row-major {@code M[i][j] = E[q_i | y = j]} on the fit data; {@code null} for EM and SUPERVISED
 * @param sourceRows labelled rows behind the source prior (0 if unknown)
 * @param sourceSpread per class, the variance of the estimator's output over bootstrap resamples of
 *     the fit rows (the confusion matrix held fixed): the source side of the significance test, which
 *     the binomial variance of the label frequencies understates when the confusion matrix is far
 *     from diagonal; {@code null} where not measured (EM, files from before 2026-12-05)
 * @param refusal why the fit-time checks refused any correction, or {@code null}
 */
public record PriorEstimation(TargetPrior.Kind kind, double[] confusion, int sourceRows, double[] sourceSpread,
                              String refusal) {
    public PriorEstimation(TargetPrior.Kind kind, double[] confusion, int sourceRows, String refusal) {
        this(kind, confusion, sourceRows, null, refusal);
    }

    public PriorEstimation {
        Objects.requireNonNull(kind, "kind");
        if (!kind.estimated()) {
            throw new IllegalArgumentException("only estimated target priors have an estimation, not " + kind);
        }
        if ((kind == TargetPrior.Kind.BBSE) != (confusion != null)) {
            throw new IllegalArgumentException("BBSE, and only BBSE, carries a confusion matrix");
        }
        confusion = confusion == null ? null : confusion.clone();
        sourceSpread = sourceSpread == null ? null : sourceSpread.clone();
    }

    @Override
    public double[] sourceSpread() {
        return sourceSpread == null ? null : sourceSpread.clone();
    }

    /** An EM estimation from an old calibrator file that recorded nothing else. */
    static PriorEstimation legacyEm() {
        return new PriorEstimation(TargetPrior.Kind.EM, null, 0, null);
    }

    @Override
    public double[] confusion() {
        return confusion == null ? null : confusion.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PriorEstimation e && kind == e.kind && Arrays.equals(confusion, e.confusion)
                && sourceRows == e.sourceRows && Arrays.equals(sourceSpread, e.sourceSpread)
                && Objects.equals(refusal, e.refusal);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, Arrays.hashCode(confusion), sourceRows, Arrays.hashCode(sourceSpread), refusal);
    }
}
