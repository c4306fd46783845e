package io.fuzzycal.calibration;

import java.util.Arrays;

/** The {@code affine} map (vector scaling): {@code softmax(a ⊙ ℓ + b)}, one region, per-class scale and bias. */
final class VectorScalingMap implements FittedCalibrator {
    private final double[] scale;
    private final double[] bias;

    VectorScalingMap(double[] scale, double[] bias) {
        if (scale.length != bias.length || scale.length < 2) {
            throw new IllegalArgumentException("scale and bias must both have one entry per class");
        }
        this.scale = requireFinite(scale.clone(), "scale");
        this.bias = requireFinite(bias.clone(), "bias");
    }

    static VectorScalingMap identity(int numClasses) {
        double[] a = new double[numClasses];
        Arrays.fill(a, 1.0);
        return new VectorScalingMap(a, new double[numClasses]);
    }

    static double[] requireFinite(double[] values, String what) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                // the entry, not the array: a 200,000-entry array made a million-character error line
                throw new IllegalArgumentException(what + " has a non-finite entry: " + values[i] + " at index " + i
                        + " of " + values.length);
            }
        }
        return values;
    }

    double[] scale() {
        return scale.clone();
    }

    double[] bias() {
        return bias.clone();
    }

    @Override
    public String method() {
        return CalibrationMethods.AFFINE;
    }

    @Override
    public int numClasses() {
        return scale.length;
    }

    @Override
    public void calibrateLog(double[] logProbs, double[] out) {
        for (int k = 0; k < scale.length; k++) {
            out[k] = scale[k] * logProbs[k] + bias[k];
        }
        LogSpace.softmaxInto(out, out);
    }

    @Override
    public double[] parameterVector() {
        double[] v = Arrays.copyOf(scale, 2 * scale.length);
        System.arraycopy(bias, 0, v, scale.length, bias.length);
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VectorScalingMap m && Arrays.equals(scale, m.scale) && Arrays.equals(bias, m.bias);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(scale) + Arrays.hashCode(bias);
    }

    @Override
    public String toString() {
        return "affine[scale=" + Arrays.toString(scale) + ", bias=" + Arrays.toString(bias) + "]";
    }
}
