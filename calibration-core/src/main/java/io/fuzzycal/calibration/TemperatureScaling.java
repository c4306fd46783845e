package io.fuzzycal.calibration;

import io.fuzzycal.calibration.optim.Lbfgs;

/**
 * Temperature scaling (Guo et al. 2017): one scalar T minimising NLL of {@code softmax(ℓ / T)}.
 * Optimised over {@code u = log(1/T)}, which keeps T positive; the NLL is convex in the inverse
 * temperature, so L-BFGS finds the global optimum.
 */
final class TemperatureScaling extends AbstractCalibrator {
    @Override
    public String method() {
        return CalibrationMethods.TEMPERATURE;
    }

    @Override
    FittedCalibrator fitUnguarded(CalibrationSet data, long seed) {
        int c = data.numClasses();
        LogLinearNll nll = new LogLinearNll(data);
        double[] w = new double[c * c];
        double[] b = new double[c];
        double[] gw = new double[c * c];
        double[] gb = new double[c];
        Lbfgs.Result r = Lbfgs.minimize((theta, grad) -> {
            double beta = Math.exp(theta[0]);
            for (int k = 0; k < c; k++) {
                w[k * c + k] = beta;
            }
            double f = nll.evaluate(w, b, gw, gb);
            double g = 0;
            for (int k = 0; k < c; k++) {
                g += gw[k * c + k];
            }
            grad[0] = g * beta;
            return f;
        }, new double[] {0.0}, Lbfgs.Settings.defaults());
        return new TemperatureMap(c, Math.exp(-r.x()[0]));
    }

    @Override
    FittedCalibrator identityLike(FittedCalibrator fitted) {
        return new TemperatureMap(fitted.numClasses(), 1.0);
    }
}
