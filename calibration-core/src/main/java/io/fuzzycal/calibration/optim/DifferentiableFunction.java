package io.fuzzycal.calibration.optim;

/** A smooth objective with an analytic gradient. */
@FunctionalInterface
public interface DifferentiableFunction {
    /**
     * @param x the point; not modified
     * @param gradient receives ∇f(x); same length as {@code x}
     * @return f(x)
     */
    double valueAndGradient(double[] x, double[] gradient);
}
