package io.fuzzycal.calibration;

import java.util.Arrays;

/**
 * An immutable table of model outputs, stored as clipped log-probabilities, with optional labels.
 *
 * <p>Every calibrator works in log space: {@code ℓ = log max(p, PROB_FLOOR)}. Logits are turned
 * into log-probabilities by log-softmax, so a set built from logits and one built from the
 * softmax of the same logits are the same set. Construction validates every row and names the
 * first bad one in an {@link InvalidRowException}.
 */
public final class CalibrationSet {
    /** Smallest probability kept; log-probabilities are clipped at {@code log(PROB_FLOOR)}. */
    public static final double PROB_FLOOR = 1e-12;
    /** {@code log(PROB_FLOOR)}. */
    public static final double LOG_FLOOR = Math.log(PROB_FLOOR);
    /** How far a probability row may sum away from 1 before it is rejected (it is renormalised). */
    public static final double SUM_TOLERANCE = 1e-3;

    private final double[][] logProbs;
    private final int[] labels;
    private final int numClasses;

    private CalibrationSet(double[][] logProbs, int[] labels, int numClasses) {
        this.logProbs = logProbs;
        this.labels = labels;
        this.numClasses = numClasses;
    }

    /**
     * Builds a set from probability rows. Rows must be finite, within [0, 1] and sum to 1 within
     * {@link #SUM_TOLERANCE}; they are renormalised exactly.
     *
     * @param labels true class per row, or {@code null} when unknown
     */
    public static CalibrationSet ofProbabilities(double[][] probabilities, int[] labels) {
        int c = checkShape(probabilities, labels);
        double[][] logs = new double[probabilities.length][];
        for (int i = 0; i < probabilities.length; i++) {
            logs[i] = logOfProbabilities(probabilities[i], i, c);
        }
        return new CalibrationSet(logs, checkLabels(labels, c), c);
    }

    /** Builds a set from unnormalised logits (any finite reals), through log-softmax. */
    public static CalibrationSet ofLogits(double[][] logits, int[] labels) {
        int c = checkShape(logits, labels);
        double[][] logs = new double[logits.length][];
        for (int i = 0; i < logits.length; i++) {
            double[] row = logits[i];
            for (int k = 0; k < c; k++) {
                if (!Double.isFinite(row[k])) {
                    throw new InvalidRowException(i, "logit " + k + " is " + row[k] + ", expected a finite number");
                }
            }
            logs[i] = logSoftmax(row);
        }
        return new CalibrationSet(logs, checkLabels(labels, c), c);
    }

    /** Clipped log-probabilities of one validated probability row. */
    static double[] logOfProbabilities(double[] row, int index, int c) {
        if (row.length != c) {
            throw new InvalidRowException(index, "has " + row.length + " probabilities, expected " + c);
        }
        double sum = 0;
        for (int k = 0; k < c; k++) {
            double p = row[k];
            if (Double.isNaN(p) || p < 0 || p > 1 + SUM_TOLERANCE) {
                throw new InvalidRowException(index, "probability " + k + " is " + p + ", expected a number in [0, 1]");
            }
            sum += p;
        }
        if (Math.abs(sum - 1) > SUM_TOLERANCE) {
            throw new InvalidRowException(index, "probabilities sum to " + sum + ", expected 1 (±" + SUM_TOLERANCE + ")");
        }
        double[] out = new double[c];
        for (int k = 0; k < c; k++) {
            out[k] = Math.log(Math.max(row[k] / sum, PROB_FLOOR));
        }
        return out;
    }

    /** Clipped log-softmax of finite logits. */
    static double[] logSoftmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double s = 0;
        for (double v : z) {
            s += Math.exp(v - max);
        }
        double logS = Math.log(s);
        double lse = max + logS;
        // Beyond ~4e12 the sum max + log s loses log s (logits of ±1e308 gave rows summing to 2): subtract
        // max first there; below, the usual form, bit for bit what fitted calibrators were fitted on.
        boolean absorbs = Math.ulp(max) > 1e-3;
        double[] out = new double[z.length];
        for (int k = 0; k < z.length; k++) {
            out[k] = Math.max(absorbs ? (z[k] - max) - logS : z[k] - lse, LOG_FLOOR);
        }
        return out;
    }

    private static int checkShape(double[][] rows, int[] labels) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("no rows: a calibration set needs at least one row");
        }
        if (labels != null && labels.length != rows.length) {
            throw new IllegalArgumentException(rows.length + " rows but " + labels.length + " labels");
        }
        int c = rows[0].length;
        if (c < 2) {
            throw new IllegalArgumentException("at least 2 classes are needed, got " + c);
        }
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != c) {
                throw new InvalidRowException(i, "has " + rows[i].length + " values, expected " + c);
            }
        }
        return c;
    }

    private static int[] checkLabels(int[] labels, int c) {
        if (labels == null) {
            return null;
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= c) {
                throw new InvalidRowException(i, "label " + labels[i] + " is out of range 0.." + (c - 1));
            }
        }
        return labels.clone();
    }

    public int size() {
        return logProbs.length;
    }

    public int numClasses() {
        return numClasses;
    }

    public boolean isLabelled() {
        return labels != null;
    }

    /** The label of row {@code i}; fails on an unlabelled set. */
    public int label(int i) {
        requireLabels();
        return labels[i];
    }

    /** A copy of the labels; fails on an unlabelled set. */
    public int[] labels() {
        requireLabels();
        return labels.clone();
    }

    /** A copy of the clipped log-probabilities of row {@code i}. */
    public double[] logProbabilities(int i) {
        return logProbs[i].clone();
    }

    /** Probabilities (exp of the clipped log-probabilities), as a fresh matrix. */
    public double[][] probabilities() {
        double[][] p = new double[logProbs.length][numClasses];
        for (int i = 0; i < logProbs.length; i++) {
            for (int k = 0; k < numClasses; k++) {
                p[i][k] = Math.exp(logProbs[i][k]);
            }
        }
        return p;
    }

    /** Direct, read-only access for calibrators in this package (avoids a copy per row). */
    double[] logRow(int i) {
        return logProbs[i];
    }

    /** The rows at {@code indices}, in that order. */
    public CalibrationSet subset(int[] indices) {
        double[][] rows = new double[indices.length][];
        int[] sub = labels == null ? null : new int[indices.length];
        for (int j = 0; j < indices.length; j++) {
            rows[j] = logProbs[indices[j]];
            if (sub != null) {
                sub[j] = labels[indices[j]];
            }
        }
        return new CalibrationSet(rows, sub, numClasses);
    }

    /** The same rows without labels. */
    public CalibrationSet withoutLabels() {
        return new CalibrationSet(logProbs, null, numClasses);
    }

    /** The same rows with other labels (for example, labels from a second source). */
    public CalibrationSet withLabels(int[] newLabels) {
        if (newLabels.length != logProbs.length) {
            throw new IllegalArgumentException(logProbs.length + " rows but " + newLabels.length + " labels");
        }
        return new CalibrationSet(logProbs, checkLabels(newLabels, numClasses), numClasses);
    }

    /** Count of each label; fails on an unlabelled set. */
    public int[] classCounts() {
        requireLabels();
        int[] counts = new int[numClasses];
        for (int y : labels) {
            counts[y]++;
        }
        return counts;
    }

    private void requireLabels() {
        if (labels == null) {
            throw new IllegalStateException("this calibration set has no labels");
        }
    }

    @Override
    public String toString() {
        return "CalibrationSet[rows=" + logProbs.length + ", classes=" + numClasses
                + ", labelled=" + (labels != null) + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CalibrationSet other
                && numClasses == other.numClasses
                && Arrays.deepEquals(logProbs, other.logProbs)
                && Arrays.equals(labels, other.labels);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.deepHashCode(logProbs) + Arrays.hashCode(labels);
    }
}
