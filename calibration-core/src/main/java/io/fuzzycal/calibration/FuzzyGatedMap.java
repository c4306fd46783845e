package io.fuzzycal.calibration;

import java.util.Arrays;

/**
 * The {@code fuzzy} map: K confidence regions with Gaussian memberships
 * {@code μ_r(c) = exp(-(c - m_r)² / 2 s_r²)} over the model's confidence {@code c = max p},
 * normalised over r, each with a full log-space affine map {@code z_r = A_r ℓ + b_r}; the output is
 * {@code softmax(Σ_r w_r(c) z_r)}.
 */
final class FuzzyGatedMap implements FittedCalibrator {
    /** Regions whose normalised weight is below this are skipped; exp(-40) ≈ 4e-18. */
    private static final double NEGLIGIBLE_LOG_WEIGHT = -40;

    private final int c;
    private final int k;
    private final double[] a;       // K × C × C, row-major per region
    private final double[] b;       // K × C
    private final double[] centres; // K
    private final double[] widths;  // K, > 0
    private final double[] gain;    // K: 1 / (2 s_r²), precomputed for apply

    FuzzyGatedMap(int numClasses, double[] a, double[] b, double[] centres, double[] widths) {
        this.c = numClasses;
        this.k = centres.length;
        if (numClasses < 2 || k < 1 || widths.length != k || a.length != k * c * c || b.length != k * c) {
            throw new IllegalArgumentException("inconsistent fuzzy parameters: " + k + " regions, " + c
                    + " classes, " + a.length + " matrix entries, " + b.length + " biases, "
                    + widths.length + " widths");
        }
        this.a = VectorScalingMap.requireFinite(a.clone(), "region weights");
        this.b = VectorScalingMap.requireFinite(b.clone(), "region biases");
        this.centres = VectorScalingMap.requireFinite(centres.clone(), "centres");
        this.widths = VectorScalingMap.requireFinite(widths.clone(), "widths");
        this.gain = new double[k];
        for (int r = 0; r < k; r++) {
            if (!(widths[r] > 0)) {
                throw new IllegalArgumentException("width of region " + r + " must be positive, got " + widths[r]);
            }
            gain[r] = 1.0 / (2 * widths[r] * widths[r]);
        }
    }

    /** Every region the identity map; the gate is irrelevant then, so any centres do. */
    static FuzzyGatedMap identity(int numClasses, double[] centres, double[] widths) {
        int k = centres.length;
        double[] a = new double[k * numClasses * numClasses];
        for (int r = 0; r < k; r++) {
            for (int j = 0; j < numClasses; j++) {
                a[r * numClasses * numClasses + j * numClasses + j] = 1.0;
            }
        }
        return new FuzzyGatedMap(numClasses, a, new double[k * numClasses], centres, widths);
    }

    int regions() {
        return k;
    }

    double[] centres() {
        return centres.clone();
    }

    double[] widths() {
        return widths.clone();
    }

    /** C×C matrix of region r, as rows. */
    double[][] regionWeights(int r) {
        double[][] rows = new double[c][];
        for (int i = 0; i < c; i++) {
            int from = r * c * c + i * c;
            rows[i] = Arrays.copyOfRange(a, from, from + c);
        }
        return rows;
    }

    double[] regionBias(int r) {
        return Arrays.copyOfRange(b, r * c, (r + 1) * c);
    }

    /** Normalised memberships of a confidence, for reports and tests. */
    double[] memberships(double confidence) {
        double[] w = new double[k];
        double max = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < k; r++) {
            double d = confidence - centres[r];
            w[r] = -d * d * gain[r];
            max = Math.max(max, w[r]);
        }
        double s = 0;
        for (int r = 0; r < k; r++) {
            w[r] = Math.exp(w[r] - max);
            s += w[r];
        }
        for (int r = 0; r < k; r++) {
            w[r] /= s;
        }
        return w;
    }

    @Override
    public String method() {
        return CalibrationMethods.FUZZY;
    }

    @Override
    public int numClasses() {
        return c;
    }

    @Override
    public void calibrateLog(double[] logProbs, double[] out) {
        double maxLog = logProbs[0];
        for (int j = 1; j < c; j++) {
            maxLog = Math.max(maxLog, logProbs[j]);
        }
        double conf = Math.exp(maxLog);
        // Two passes over the regions keep apply allocation-free: find the largest exponent, then mix.
        double emax = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < k; r++) {
            double d = conf - centres[r];
            emax = Math.max(emax, -d * d * gain[r]);
        }
        Arrays.fill(out, 0, c, 0.0);
        double wsum = 0;
        for (int r = 0; r < k; r++) {
            double d = conf - centres[r];
            double e = -d * d * gain[r] - emax;
            if (e < NEGLIGIBLE_LOG_WEIGHT) {
                continue;
            }
            double w = Math.exp(e);
            wsum += w;
            int rowBase = r * c * c;
            int biasBase = r * c;
            for (int i = 0; i < c; i++) {
                double z = b[biasBase + i];
                int row = rowBase + i * c;
                for (int j = 0; j < c; j++) {
                    z += a[row + j] * logProbs[j];
                }
                out[i] += w * z;
            }
        }
        double inv = 1.0 / wsum;
        for (int i = 0; i < c; i++) {
            out[i] *= inv;
        }
        LogSpace.softmaxInto(out, out);
    }

    /** Order: per region A_r (row-major) then b_r; then the K centres; then the K widths. */
    @Override
    public double[] parameterVector() {
        int perRegion = c * c + c;
        double[] v = new double[k * perRegion + 2 * k];
        for (int r = 0; r < k; r++) {
            System.arraycopy(a, r * c * c, v, r * perRegion, c * c);
            System.arraycopy(b, r * c, v, r * perRegion + c * c, c);
        }
        System.arraycopy(centres, 0, v, k * perRegion, k);
        System.arraycopy(widths, 0, v, k * perRegion + k, k);
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FuzzyGatedMap m && c == m.c && Arrays.equals(parameterVector(), m.parameterVector());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(parameterVector());
    }

    @Override
    public String toString() {
        return "fuzzy[regions=" + k + ", centres=" + Arrays.toString(centres) + ", widths=" + Arrays.toString(widths) + "]";
    }
}
