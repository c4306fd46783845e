package io.fuzzycal.calibration;

import java.util.Arrays;

/**
 * The {@code fuzzy} objective on a batch of rows, with its analytic gradient:
 * {@code λ_nll·NLL + λ_ece·softECE + λ_cw·classwise softECE + λ_brier·Brier + l2·Σ_r ‖(A_r, b_r) − anchor‖²},
 * where the anchor is the start map's (A, b): the identity, or the {@code dirichlet} fit.
 *
 * <p>Parameter layout θ: per region {@code A_r} (C×C row-major) then {@code b_r}; then the K centres;
 * then the K log-widths (the width is {@code exp} of it, so it stays positive).
 *
 * <p>The soft ECE bins confidence with linear (hat) kernels on the B bin centres: each value splits
 * between its two nearest centres, so bin counts are continuous in the parameters and the cost is
 * O(1) per row. With {@code D_b = Σ_i a_ib (correct_i − conf_i)}, the soft ECE is
 * {@code (1/n) Σ_b |D_b|} (the usual {@code Σ_b (n_b/n)|acc_b − conf_b|}), with |x| smoothed to
 * {@code √(x² + δ²) − δ}. Not thread-safe: it keeps scratch buffers.
 */
final class FuzzyObjective {
    private static final double ABS_SMOOTHING = 1e-2;

    private final CalibrationSet data;
    private final int c;
    private final int k;
    private final int perRegion;
    private final int offCentres;
    private final int offWidths;
    private final int bins;
    private final LossWeights weights;
    private final double l2;
    private final double[] anchor; // one region's (A, b), row-major A then b
    private final double[] rawConfidence;

    private double[] q = new double[0];
    private double[] gate = new double[0];
    private final double[] dTop;
    private final double[] dClass;
    private final double[] z;
    private final double[] u;
    private final double[] gq;
    private final double[] gz;
    private final double[] dw;

    FuzzyObjective(CalibrationSet data, int regions, LossWeights weights, int bins, double l2) {
        this(data, regions, weights, bins, l2, identityAnchor(data.numClasses()));
    }

    FuzzyObjective(CalibrationSet data, int regions, LossWeights weights, int bins, double l2, double[] anchor) {
        this.data = data;
        this.c = data.numClasses();
        this.k = regions;
        this.perRegion = c * c + c;
        this.offCentres = k * perRegion;
        this.offWidths = offCentres + k;
        this.bins = bins;
        this.weights = weights;
        this.l2 = l2;
        if (anchor.length != perRegion) {
            throw new IllegalArgumentException("anchor has " + anchor.length + " values, a region " + perRegion);
        }
        this.anchor = anchor.clone();
        this.rawConfidence = new double[data.size()];
        for (int i = 0; i < data.size(); i++) {
            double[] l = data.logRow(i);
            double m = l[0];
            for (int j = 1; j < c; j++) {
                m = Math.max(m, l[j]);
            }
            rawConfidence[i] = Math.exp(m);
        }
        this.dTop = new double[bins];
        this.dClass = new double[c * bins];
        this.z = new double[c];
        this.u = new double[k * c];
        this.gq = new double[c];
        this.gz = new double[c];
        this.dw = new double[k];
    }

    static double[] identityAnchor(int c) {
        double[] a = new double[c * c + c];
        for (int j = 0; j < c; j++) {
            a[j * c + j] = 1.0;
        }
        return a;
    }

    /** Index of the first centre in θ. */
    int centreOffset() {
        return offCentres;
    }

    int size() {
        return offWidths + k;
    }

    double rawConfidence(int row) {
        return rawConfidence[row];
    }

    /** θ of the given map's parameters (widths to log-widths). */
    double[] parametersOf(FuzzyGatedMap map) {
        double[] theta = map.parameterVector();
        for (int r = 0; r < k; r++) {
            theta[offWidths + r] = Math.log(theta[offWidths + r]);
        }
        return theta;
    }

    /** The map for θ. */
    FuzzyGatedMap toMap(double[] theta) {
        double[] a = new double[k * c * c];
        double[] b = new double[k * c];
        for (int r = 0; r < k; r++) {
            System.arraycopy(theta, r * perRegion, a, r * c * c, c * c);
            System.arraycopy(theta, r * perRegion + c * c, b, r * c, c);
        }
        double[] centres = Arrays.copyOfRange(theta, offCentres, offCentres + k);
        double[] widths = new double[k];
        for (int r = 0; r < k; r++) {
            widths[r] = Math.exp(theta[offWidths + r]);
        }
        return new FuzzyGatedMap(c, a, b, centres, widths);
    }

    /**
     * Objective on rows {@code rows[from..to)}.
     *
     * @param grad receives ∇θ, or {@code null} for the value alone
     */
    double evaluate(double[] theta, int[] rows, int from, int to, double[] grad) {
        int n = to - from;
        if (q.length < n * c) {
            q = new double[n * c];
            gate = new double[n * k];
        }
        Arrays.fill(dTop, 0);
        Arrays.fill(dClass, 0);
        double nll = 0;
        double brier = 0;
        for (int s = 0; s < n; s++) {
            int row = rows[from + s];
            double[] l = data.logRow(row);
            int y = data.label(row);
            gateInto(theta, rawConfidence[row], s * k);
            Arrays.fill(z, 0);
            for (int r = 0; r < k; r++) {
                double w = gate[s * k + r];
                regionOutput(theta, r, l, u, r * c);
                for (int i = 0; i < c; i++) {
                    z[i] += w * u[r * c + i];
                }
            }
            double lse = LogSpace.logSumExp(z);
            nll += lse - z[y];
            int top = 0;
            for (int i = 0; i < c; i++) {
                double p = Math.exp(z[i] - lse);
                q[s * c + i] = p;
                double e = p - (i == y ? 1 : 0);
                brier += e * e;
                if (p > q[s * c + top]) {
                    top = i;
                }
                accumulateBin(dClass, i * bins, p, (i == y ? 1 : 0) - p);
            }
            double conf = q[s * c + top];
            accumulateBin(dTop, 0, conf, (top == y ? 1 : 0) - conf);
        }
        double eceTop = 0;
        for (double d : dTop) {
            eceTop += smoothAbs(d);
        }
        double eceClass = 0;
        for (double d : dClass) {
            eceClass += smoothAbs(d);
        }
        double penalty = 0;
        for (int r = 0; r < k; r++) {
            for (int i = 0; i < perRegion; i++) {
                double v = theta[r * perRegion + i] - anchor[i];
                penalty += v * v;
            }
        }
        double value = weights.nll() * nll / n + weights.brier() * brier / n + weights.softEce() * eceTop / n
                + weights.classwiseSoftEce() * eceClass / (n * c) + l2 * penalty;
        if (grad != null) {
            gradient(theta, rows, from, n, grad);
        }
        return value;
    }

    private void gradient(double[] theta, int[] rows, int from, int n, double[] grad) {
        Arrays.fill(grad, 0);
        double scaleTop = weights.softEce() / n;
        double scaleClass = weights.classwiseSoftEce() / ((double) n * c);
        for (int s = 0; s < n; s++) {
            int row = rows[from + s];
            double[] l = data.logRow(row);
            int y = data.label(row);
            int top = 0;
            for (int i = 0; i < c; i++) {
                double p = q[s * c + i];
                if (p > q[s * c + top]) {
                    top = i;
                }
                int o = i == y ? 1 : 0;
                gq[i] = weights.brier() * 2 * (p - o) / n + scaleClass * binGradient(dClass, i * bins, p, o - p);
            }
            double conf = q[s * c + top];
            gq[top] += scaleTop * binGradient(dTop, 0, conf, (top == y ? 1 : 0) - conf);
            // Softmax Jacobian, plus the NLL term in its stable closed form q − y.
            double dot = 0;
            for (int i = 0; i < c; i++) {
                dot += gq[i] * q[s * c + i];
            }
            for (int i = 0; i < c; i++) {
                double p = q[s * c + i];
                gz[i] = p * (gq[i] - dot) + weights.nll() * (p - (i == y ? 1 : 0)) / n;
            }
            double meanDw = 0;
            for (int r = 0; r < k; r++) {
                double w = gate[s * k + r];
                regionOutput(theta, r, l, u, r * c);
                double d = 0;
                int base = r * perRegion;
                for (int i = 0; i < c; i++) {
                    double g = w * gz[i];
                    int rowBase = base + i * c;
                    for (int j = 0; j < c; j++) {
                        grad[rowBase + j] += g * l[j];
                    }
                    grad[base + c * c + i] += g;
                    d += gz[i] * u[r * c + i];
                }
                dw[r] = d;
                meanDw += w * d;
            }
            double conf0 = rawConfidence[row];
            for (int r = 0; r < k; r++) {
                double de = gate[s * k + r] * (dw[r] - meanDw);
                double diff = conf0 - theta[offCentres + r];
                double invS2 = Math.exp(-2 * theta[offWidths + r]);
                grad[offCentres + r] += de * diff * invS2;
                grad[offWidths + r] += de * diff * diff * invS2;
            }
        }
        for (int r = 0; r < k; r++) {
            for (int i = 0; i < perRegion; i++) {
                int idx = r * perRegion + i;
                grad[idx] += 2 * l2 * (theta[idx] - anchor[i]);
            }
        }
    }

    /** Normalised Gaussian memberships of a raw confidence into {@code gate[offset..offset+K)}. */
    private void gateInto(double[] theta, double conf, int offset) {
        double max = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < k; r++) {
            double diff = conf - theta[offCentres + r];
            double e = -0.5 * diff * diff * Math.exp(-2 * theta[offWidths + r]);
            gate[offset + r] = e;
            max = Math.max(max, e);
        }
        double sum = 0;
        for (int r = 0; r < k; r++) {
            double w = Math.exp(gate[offset + r] - max);
            gate[offset + r] = w;
            sum += w;
        }
        for (int r = 0; r < k; r++) {
            gate[offset + r] /= sum;
        }
    }

    /** {@code out[at..at+C) = A_r ℓ + b_r}. */
    private void regionOutput(double[] theta, int r, double[] l, double[] out, int at) {
        int base = r * perRegion;
        for (int i = 0; i < c; i++) {
            double s = theta[base + c * c + i];
            int rowBase = base + i * c;
            for (int j = 0; j < c; j++) {
                s += theta[rowBase + j] * l[j];
            }
            out[at + i] = s;
        }
    }


    /** Adds {@code value} to the two bins nearest {@code x} with hat-kernel weights. */
    private void accumulateBin(double[] d, int offset, double x, double value) {
        double t = x * bins - 0.5;
        if (t <= 0) {
            d[offset] += value;
        } else if (t >= bins - 1) {
            d[offset + bins - 1] += value;
        } else {
            int b0 = (int) t;
            double frac = t - b0;
            d[offset + b0] += (1 - frac) * value;
            d[offset + b0 + 1] += frac * value;
        }
    }

    /**
     * ∂(Σ_b |D_b|)/∂x for one row whose contribution to {@code D} is {@code a_b(x) · (outcome − x)},
     * where {@code value = outcome − x}.
     */
    private double binGradient(double[] d, int offset, double x, double value) {
        double t = x * bins - 0.5;
        if (t <= 0) {
            return -smoothSign(d[offset]);
        }
        if (t >= bins - 1) {
            return -smoothSign(d[offset + bins - 1]);
        }
        int b0 = (int) t;
        double frac = t - b0;
        double s0 = smoothSign(d[offset + b0]);
        double s1 = smoothSign(d[offset + b0 + 1]);
        return -((1 - frac) * s0 + frac * s1) + value * bins * (s1 - s0);
    }

    private static double smoothAbs(double x) {
        return Math.sqrt(x * x + ABS_SMOOTHING * ABS_SMOOTHING) - ABS_SMOOTHING;
    }

    private static double smoothSign(double x) {
        return x / Math.sqrt(x * x + ABS_SMOOTHING * ABS_SMOOTHING);
    }
}
