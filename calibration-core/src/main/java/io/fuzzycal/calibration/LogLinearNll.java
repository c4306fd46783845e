package io.fuzzycal.calibration;

/**
 * Mean NLL of {@code softmax(W ℓ + b)} and its gradient with respect to the full W and b. Temperature,
 * vector scaling and Dirichlet calibration are all this map with constraints on W; each maps its own
 * parameters onto W and b and pulls the gradient back by the chain rule.
 */
final class LogLinearNll {
    private final CalibrationSet data;
    private final int c;
    private final double[] z;

    LogLinearNll(CalibrationSet data) {
        this.data = data;
        this.c = data.numClasses();
        this.z = new double[c];
    }

    /**
     * @param w row-major C×C
     * @param gw receives ∂NLL/∂W (row-major)
     * @param gb receives ∂NLL/∂b
     */
    double evaluate(double[] w, double[] b, double[] gw, double[] gb) {
        java.util.Arrays.fill(gw, 0);
        java.util.Arrays.fill(gb, 0);
        double loss = 0;
        int n = data.size();
        for (int i = 0; i < n; i++) {
            double[] l = data.logRow(i);
            int y = data.label(i);
            for (int k = 0; k < c; k++) {
                double s = b[k];
                for (int j = 0; j < c; j++) {
                    s += w[k * c + j] * l[j];
                }
                z[k] = s;
            }
            double lse = LogSpace.logSumExp(z);
            loss += lse - z[y];
            for (int k = 0; k < c; k++) {
                double d = Math.exp(z[k] - lse) - (k == y ? 1 : 0);
                gb[k] += d;
                for (int j = 0; j < c; j++) {
                    gw[k * c + j] += d * l[j];
                }
            }
        }
        double inv = 1.0 / n;
        for (int i = 0; i < gw.length; i++) {
            gw[i] *= inv;
        }
        for (int k = 0; k < c; k++) {
            gb[k] *= inv;
        }
        return loss * inv;
    }
}
