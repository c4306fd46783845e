package io.fuzzycal.calibration;

import java.util.Arrays;

/**
 * The {@code dirichlet} map (Kull et al. 2019): {@code softmax(W ℓ + b)} with a full C×C matrix
 * {@code W} on the log-probabilities.
 */
final class DirichletMap implements FittedCalibrator {
    private final int c;
    private final double[] weights; // row-major C×C
    private final double[] bias;

    DirichletMap(double[] weightsRowMajor, double[] bias) {
        this.c = bias.length;
        if (c < 2 || weightsRowMajor.length != c * c) {
            throw new IllegalArgumentException("weights must be C×C and bias C long; got "
                    + weightsRowMajor.length + " weights for " + c + " classes");
        }
        this.weights = VectorScalingMap.requireFinite(weightsRowMajor.clone(), "weights");
        this.bias = VectorScalingMap.requireFinite(bias.clone(), "bias");
    }

    static DirichletMap identity(int numClasses) {
        double[] w = new double[numClasses * numClasses];
        for (int k = 0; k < numClasses; k++) {
            w[k * numClasses + k] = 1.0;
        }
        return new DirichletMap(w, new double[numClasses]);
    }

    /** The weight matrix as rows (a copy). */
    double[][] weightRows() {
        double[][] rows = new double[c][];
        for (int k = 0; k < c; k++) {
            rows[k] = Arrays.copyOfRange(weights, k * c, (k + 1) * c);
        }
        return rows;
    }

    double[] bias() {
        return bias.clone();
    }

    @Override
    public String method() {
        return CalibrationMethods.DIRICHLET;
    }

    @Override
    public int numClasses() {
        return c;
    }

    @Override
    public void calibrateLog(double[] logProbs, double[] out) {
        for (int k = 0; k < c; k++) {
            double z = bias[k];
            int row = k * c;
            for (int j = 0; j < c; j++) {
                z += weights[row + j] * logProbs[j];
            }
            out[k] = z;
        }
        LogSpace.softmaxInto(out, out);
    }

    @Override
    public double[] parameterVector() {
        double[] v = Arrays.copyOf(weights, c * c + c);
        System.arraycopy(bias, 0, v, c * c, c);
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DirichletMap m && Arrays.equals(weights, m.weights) && Arrays.equals(bias, m.bias);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(weights) + Arrays.hashCode(bias);
    }

    @Override
    public String toString() {
        return "dirichlet[weights=" + Arrays.deepToString(weightRows()) + ", bias=" + Arrays.toString(bias) + "]";
    }
}
