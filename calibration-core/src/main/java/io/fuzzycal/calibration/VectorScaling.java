package io.fuzzycal.calibration;

import io.fuzzycal.calibration.optim.Lbfgs;

/** The {@code affine} method (vector scaling): per-class scale and bias on ℓ, minimising NLL by L-BFGS. */
final class VectorScaling extends AbstractCalibrator {
    @Override
    public String method() {
        return CalibrationMethods.AFFINE;
    }

    @Override
    FittedCalibrator fitUnguarded(CalibrationSet data, long seed) {
        int c = data.numClasses();
        LogLinearNll nll = new LogLinearNll(data);
        double[] w = new double[c * c];
        double[] gw = new double[c * c];
        double[] gb = new double[c];
        double[] b = new double[c];
        double[] theta0 = new double[2 * c];
        java.util.Arrays.fill(theta0, 0, c, 1.0);
        Lbfgs.Result r = Lbfgs.minimize((theta, grad) -> {
            for (int k = 0; k < c; k++) {
                w[k * c + k] = theta[k];
                b[k] = theta[c + k];
            }
            double f = nll.evaluate(w, b, gw, gb);
            for (int k = 0; k < c; k++) {
                grad[k] = gw[k * c + k];
                grad[c + k] = gb[k];
            }
            return f;
        }, theta0, Lbfgs.Settings.defaults());
        double[] x = r.x();
        return new VectorScalingMap(java.util.Arrays.copyOfRange(x, 0, c), java.util.Arrays.copyOfRange(x, c, 2 * c));
    }

    @Override
    FittedCalibrator identityLike(FittedCalibrator fitted) {
        return VectorScalingMap.identity(fitted.numClasses());
    }
}
