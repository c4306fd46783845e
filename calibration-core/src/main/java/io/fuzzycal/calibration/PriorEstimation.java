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
 * @param refusal why the fit-time checks refused any correction, or {@code null}
 */
public record PriorEstimation(TargetPrior.Kind kind, double[] confusion, int sourceRows, String refusal) {
    public PriorEstimation {
        Objects.requireNonNull(kind, "kind");
        if (!kind.estimated()) {
            throw new IllegalArgumentException("only estimated target priors have an estimation, not " + kind);
        }
        if ((kind == TargetPrior.Kind.BBSE) != (confusion != null)) {
            throw new IllegalArgumentException("BBSE, and only BBSE, carries a confusion matrix");
        }
        confusion = confusion == null ? null : confusion.clone();
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
                && sourceRows == e.sourceRows && Objects.equals(refusal, e.refusal);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, Arrays.hashCode(confusion), sourceRows, refusal);
    }
}
