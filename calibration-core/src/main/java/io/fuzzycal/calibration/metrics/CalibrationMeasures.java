package io.fuzzycal.calibration.metrics;

import io.fuzzycal.calibration.CalibrationSet;
import io.fuzzycal.calibration.InvalidRowException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Calibration metrics of probability rows {@code p} (N rows, C classes) against labels {@code y}.
 *
 * <p>Definitions, for row {@code i}:
 * <ul>
 *   <li><b>confidence</b> {@code conf_i = max_k p_ik}; <b>predicted class</b> {@code argmax_k p_ik},
 *       the lowest index on ties; the row is <b>correct</b> when the predicted class is {@code y_i}.</li>
 *   <li><b>equal-width bins</b>: B bins over [0, 1]; a value {@code v} goes to bin
 *       {@code min(floor(v·B), B−1)}, so confidence exactly 1.0 lands in the last bin.</li>
 *   <li><b>ECE</b> (top-label): {@code Σ_b (n_b/N)·|acc_b − conf_b|} over non-empty equal-width
 *       bins of the confidence, where {@code acc_b} is the fraction correct and {@code conf_b} the mean
 *       confidence of the {@code n_b} rows in bin b.</li>
 *   <li><b>equal-mass ECE</b>: the same sum, with bins formed by sorting the rows by confidence
 *       (stable: ties keep row order) and cutting them into {@code min(B, N)} contiguous groups whose
 *       sizes differ by at most one (group g holds sorted positions {@code [⌊gN/G⌋, ⌊(g+1)N/G⌋)}).</li>
 *   <li><b>classwise ECE</b> (Kull et al. 2019): for each class k, equal-width bins over
 *       {@code p_ik} with outcome {@code 1[y_i = k]};
 *       {@code (1/C) Σ_k Σ_b (n_bk/N)·|freq_bk − meanp_bk|}. Every class counts, including one
 *       that never occurs in {@code y} (its probabilities are compared with frequency 0).</li>
 *   <li><b>MCE</b>: {@code max_b |acc_b − conf_b|} over non-empty equal-width bins.</li>
 *   <li><b>Brier</b>: {@code (1/N) Σ_i Σ_k (p_ik − 1[y_i = k])²}, in [0, 2].</li>
 *   <li><b>NLL</b>: {@code −(1/N) Σ_i log max(p_iy_i, PROB_FLOOR)} with
 *       {@link CalibrationSet#PROB_FLOOR}.</li>
 *   <li><b>accuracy</b>: the fraction of correct rows.</li>
 * </ul>
 * Rows are used as given (not renormalised); {@link #validate} bounds how far they may be off.
 * Every public method validates its input first. Each metric is O(N·C) apart from the O(N log N)
 * sort of the equal-mass ECE.
 */
public final class CalibrationMeasures {
    /** The bin count used where none is given (Guo et al. 2017 use 15). */
    public static final int DEFAULT_BINS = 15;

    private CalibrationMeasures() {
    }

    /** Every metric at once; validates once. */
    public static MetricReport evaluate(double[][] probabilities, int[] labels, int bins) {
        validate(probabilities, labels);
        requireBins(bins);
        int n = probabilities.length;
        TopLabelBins top = TopLabelBins.of(probabilities, labels, bins);
        return new MetricReport(n, top.ece(n), equalMassEceUnchecked(probabilities, labels, bins),
                classwiseEceUnchecked(probabilities, labels, bins), top.mce(), brierUnchecked(probabilities, labels),
                nllUnchecked(probabilities, labels), top.correct() / n);
    }

    /** Top-label ECE with equal-width bins. */
    public static double ece(double[][] p, int[] y, int bins) {
        validate(p, y);
        requireBins(bins);
        return eceUnchecked(p, y, bins);
    }

    /** Top-label ECE with equal-mass bins. */
    public static double equalMassEce(double[][] p, int[] y, int bins) {
        validate(p, y);
        requireBins(bins);
        return equalMassEceUnchecked(p, y, bins);
    }

    /** Classwise ECE with equal-width bins. */
    public static double classwiseEce(double[][] p, int[] y, int bins) {
        validate(p, y);
        requireBins(bins);
        return classwiseEceUnchecked(p, y, bins);
    }

    /** Maximum calibration error over non-empty equal-width bins. */
    public static double mce(double[][] p, int[] y, int bins) {
        validate(p, y);
        requireBins(bins);
        return mceUnchecked(p, y, bins);
    }

    /** Multiclass Brier score. */
    public static double brier(double[][] p, int[] y) {
        validate(p, y);
        return brierUnchecked(p, y);
    }

    /** Mean negative log-likelihood of the labels. */
    public static double nll(double[][] p, int[] y) {
        validate(p, y);
        return nllUnchecked(p, y);
    }

    /** Fraction of rows whose predicted class is the label. */
    public static double accuracy(double[][] p, int[] y) {
        validate(p, y);
        return accuracyUnchecked(p, y);
    }

    /**
     * The reliability table: all {@code bins} equal-width bins in order, empty ones with count 0 and
     * NaN means. Unmodifiable.
     */
    public static List<ReliabilityBin> reliability(double[][] p, int[] y, int bins) {
        validate(p, y);
        requireBins(bins);
        TopLabelBins top = TopLabelBins.of(p, y, bins);
        List<ReliabilityBin> out = new ArrayList<>(bins);
        for (int b = 0; b < bins; b++) {
            int n = top.count[b];
            out.add(new ReliabilityBin(b, (double) b / bins, (double) (b + 1) / bins, n,
                    n == 0 ? Double.NaN : top.sumConf[b] / n, n == 0 ? Double.NaN : top.sumCorrect[b] / n));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Checks that the input can be scored: at least one row, as many labels as rows, every row of
     * the first row's length {@code C >= 2}, every entry finite and in [0, 1], every row summing to 1
     * within {@link CalibrationSet#SUM_TOLERANCE}, every label in {@code 0..C−1}.
     *
     * @throws InvalidRowException      naming the first bad row ("row N: reason", 1-based)
     * @throws IllegalArgumentException when there are no rows or the row and label counts differ
     */
    public static void validate(double[][] p, int[] y) {
        if (p == null || y == null) {
            throw new IllegalArgumentException("probabilities and labels are both required");
        }
        if (p.length == 0) {
            throw new IllegalArgumentException("no rows: metrics need at least one row");
        }
        if (p.length != y.length) {
            throw new IllegalArgumentException(p.length + " probability rows but " + y.length + " labels");
        }
        int c = p[0] == null ? -1 : p[0].length;
        if (c >= 0 && c < 2) {
            throw new InvalidRowException(0, "has " + c + " probabilities, at least 2 classes are needed");
        }
        for (int i = 0; i < p.length; i++) {
            double[] row = p[i];
            if (row == null) {
                throw new InvalidRowException(i, "has no probabilities (null)");
            }
            if (row.length != c) {
                throw new InvalidRowException(i, "has " + row.length + " probabilities, expected " + c);
            }
            double sum = 0;
            for (int k = 0; k < c; k++) {
                double v = row[k];
                if (!(v >= 0 && v <= 1)) { // also rejects NaN and infinities
                    throw new InvalidRowException(i, "probability " + k + " is " + v
                            + ", expected a finite number in [0, 1]");
                }
                sum += v;
            }
            if (Math.abs(sum - 1) > CalibrationSet.SUM_TOLERANCE) {
                throw new InvalidRowException(i, "probabilities sum to " + sum + ", expected 1 (±"
                        + CalibrationSet.SUM_TOLERANCE + ")");
            }
            if (y[i] < 0 || y[i] >= c) {
                throw new InvalidRowException(i, "label " + y[i] + " is out of range 0.." + (c - 1));
            }
        }
    }

    static void requireBins(int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be at least 1, got " + bins);
        }
    }

    // ---- unchecked kernels: callers have validated p, y and bins ----

    static double eceUnchecked(double[][] p, int[] y, int bins) {
        return TopLabelBins.of(p, y, bins).ece(p.length);
    }

    static double mceUnchecked(double[][] p, int[] y, int bins) {
        return TopLabelBins.of(p, y, bins).mce();
    }

    static double accuracyUnchecked(double[][] p, int[] y) {
        int correct = 0;
        for (int i = 0; i < p.length; i++) {
            if (argmax(p[i]) == y[i]) {
                correct++;
            }
        }
        return (double) correct / p.length;
    }

    static double equalMassEceUnchecked(double[][] p, int[] y, int bins) {
        int n = p.length;
        double[] conf = new double[n];
        boolean[] correct = new boolean[n];
        for (int i = 0; i < n; i++) {
            int k = argmax(p[i]);
            conf[i] = p[i][k];
            correct[i] = k == y[i];
        }
        return equalMassEce(conf, correct, bins);
    }

    /**
     * Equal-mass ECE of top-label confidences and whether each row was right, as defined above: for
     * callers that keep only those pairs (the monitor's windows).
     */
    public static double equalMassEce(double[] conf, boolean[] correct, int bins) {
        requireBins(bins);
        int n = conf.length;
        if (n == 0 || correct.length != n) {
            throw new IllegalArgumentException(n + " confidences and " + correct.length + " outcomes");
        }
        int[] order = stableOrder(conf);
        int groups = Math.min(bins, n);
        double total = 0;
        for (int g = 0; g < groups; g++) {
            // long arithmetic: g·n overflows int for large N and bin counts
            int from = (int) ((long) g * n / groups);
            int to = (int) ((long) (g + 1) * n / groups);
            double sumConf = 0;
            int hits = 0;
            for (int j = from; j < to; j++) {
                int i = order[j];
                sumConf += conf[i];
                if (correct[i]) {
                    hits++;
                }
            }
            // (n_g/N)·|acc_g − conf_g| = |hits − Σconf| / N
            total += Math.abs(hits - sumConf);
        }
        return total / n;
    }

    static double classwiseEceUnchecked(double[][] p, int[] y, int bins) {
        int n = p.length;
        int c = p[0].length;
        // cell k·bins + b; an empty cell has both sums 0 and adds nothing, so no counts are needed
        double[] sumP = new double[c * bins];
        double[] sumY = new double[c * bins];
        for (int i = 0; i < n; i++) {
            double[] row = p[i];
            for (int k = 0; k < c; k++) {
                int cell = k * bins + bin(row[k], bins);
                sumP[cell] += row[k];
                if (y[i] == k) {
                    sumY[cell]++;
                }
            }
        }
        double total = 0;
        for (int cell = 0; cell < sumP.length; cell++) {
            total += Math.abs(sumY[cell] - sumP[cell]);
        }
        return total / ((double) n * c);
    }

    static double brierUnchecked(double[][] p, int[] y) {
        double total = 0;
        for (int i = 0; i < p.length; i++) {
            double[] row = p[i];
            for (int k = 0; k < row.length; k++) {
                double d = k == y[i] ? row[k] - 1 : row[k];
                total += d * d;
            }
        }
        return total / p.length;
    }

    static double nllUnchecked(double[][] p, int[] y) {
        double total = 0;
        for (int i = 0; i < p.length; i++) {
            total -= Math.log(Math.max(p[i][y[i]], CalibrationSet.PROB_FLOOR));
        }
        return total / p.length;
    }

    /** Index of the largest entry, the lowest index on ties: the predicted class of a row. */
    public static int argmax(double[] row) {
        int best = 0;
        for (int k = 1; k < row.length; k++) {
            if (row[k] > row[best]) {
                best = k;
            }
        }
        return best;
    }

    /** Equal-width bin of a value in [0, 1]; 1.0 goes to the last bin. */
    public static int bin(double v, int bins) {
        return Math.min((int) (v * bins), bins - 1);
    }

    /**
     * Row indices sorted by ascending {@code key}, ties in index order: a bottom-up merge sort on
     * primitives (a boxed comparator sort would allocate per row).
     */
    static int[] stableOrder(double[] key) {
        int n = key.length;
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        int[] b = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                int out = lo;
                while (i < mid && j < hi) {
                    // take from the right run only when strictly smaller: keeps ties in order
                    b[out++] = key[a[j]] < key[a[i]] ? a[j++] : a[i++];
                }
                while (i < mid) {
                    b[out++] = a[i++];
                }
                while (j < hi) {
                    b[out++] = a[j++];
                }
            }
            int[] t = a;
            a = b;
            b = t;
        }
        return a;
    }

    /** Per-bin totals of the top-label confidence and correctness over equal-width bins. */
    static final class TopLabelBins {
        final int[] count;
        final double[] sumConf;
        final double[] sumCorrect;

        private TopLabelBins(int bins) {
            count = new int[bins];
            sumConf = new double[bins];
            sumCorrect = new double[bins];
        }

        static TopLabelBins of(double[][] p, int[] y, int bins) {
            TopLabelBins t = new TopLabelBins(bins);
            for (int i = 0; i < p.length; i++) {
                int k = argmax(p[i]);
                double conf = p[i][k];
                int b = bin(conf, bins);
                t.count[b]++;
                t.sumConf[b] += conf;
                if (k == y[i]) {
                    t.sumCorrect[b]++;
                }
            }
            return t;
        }

        /** {@code Σ_b (n_b/N)|acc_b − conf_b|}, written as {@code Σ_b |hits_b − Σconf_b| / N}. */
        double ece(int n) {
            double total = 0;
            for (int b = 0; b < count.length; b++) {
                total += Math.abs(sumCorrect[b] - sumConf[b]);
            }
            return total / n;
        }

        double mce() {
            double max = 0;
            for (int b = 0; b < count.length; b++) {
                if (count[b] > 0) {
                    max = Math.max(max, Math.abs(sumCorrect[b] - sumConf[b]) / count[b]);
                }
            }
            return max;
        }

        /** Number of correct rows (an exact integer). */
        double correct() {
            double total = 0;
            for (double v : sumCorrect) {
                total += v;
            }
            return total;
        }
    }
}
