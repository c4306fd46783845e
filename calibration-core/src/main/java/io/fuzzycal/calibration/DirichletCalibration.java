package io.fuzzycal.calibration;

import io.fuzzycal.calibration.optim.Lbfgs;

/**
 * Dirichlet calibration (Kull et al. 2019): full matrix and bias on ℓ, minimising
 * {@code NLL + λ/(C(C−1)) Σ_{i≠j} W_ij² + μ/C Σ b_j²} (ODIR) by L-BFGS from the identity.
 */
final class DirichletCalibration extends AbstractCalibrator {
    private final DirichletOptions options;

    DirichletCalibration(DirichletOptions options) {
        this.options = options;
    }

    @Override
    public String method() {
        return CalibrationMethods.DIRICHLET;
    }

    @Override
    FittedCalibrator fitUnguarded(CalibrationSet data, long seed) {
        int c = data.numClasses();
        int cc = c * c;
        LogLinearNll nll = new LogLinearNll(data);
        double[] w = new double[cc];
        double[] b = new double[c];
        double[] gw = new double[cc];
        double[] gb = new double[c];
        double lambda = options.offDiagonalL2() / (c * (c - 1));
        double mu = options.biasL2() / c;
        double[] theta0 = DirichletMap.identity(c).parameterVector();
        Lbfgs.Result r = Lbfgs.minimize((theta, grad) -> {
            System.arraycopy(theta, 0, w, 0, cc);
            System.arraycopy(theta, cc, b, 0, c);
            double f = nll.evaluate(w, b, gw, gb);
            for (int i = 0; i < c; i++) {
                for (int j = 0; j < c; j++) {
                    int idx = i * c + j;
                    grad[idx] = gw[idx];
                    if (i != j) {
                        f += lambda * w[idx] * w[idx];
                        grad[idx] += 2 * lambda * w[idx];
                    }
                }
                f += mu * b[i] * b[i];
                grad[cc + i] = gb[i] + 2 * mu * b[i];
            }
            return f;
        }, theta0, Lbfgs.Settings.defaults());
        double[] x = r.x();
        return new DirichletMap(java.util.Arrays.copyOf(x, cc), java.util.Arrays.copyOfRange(x, cc, cc + c));
    }

    @Override
    FittedCalibrator identityLike(FittedCalibrator fitted) {
        return DirichletMap.identity(fitted.numClasses());
    }
}
