package io.fuzzycal.model;

/** Softmax in double precision, shifted by the maximum so that large logits cannot overflow. */
public final class Softmax {
    private Softmax() {
    }

    public static double[] of(float[] logits) {
        double[] z = new double[logits.length];
        for (int k = 0; k < z.length; k++) {
            z[k] = logits[k];
        }
        return of(z);
    }

    public static double[] of(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double z : logits) {
            max = Math.max(max, z);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int k = 0; k < logits.length; k++) {
            p[k] = Math.exp(logits[k] - max);
            sum += p[k];
        }
        for (int k = 0; k < p.length; k++) {
            p[k] /= sum;
        }
        return p;
    }
}
