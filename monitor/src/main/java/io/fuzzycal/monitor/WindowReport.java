package io.fuzzycal.monitor;

import io.fuzzycal.calibration.metrics.CalibrationMeasures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The metrics of one series over one window, computed from its {@link BinStats} with the same
 * definitions as calibration-core's {@code CalibrationMeasures}; the equal-mass ECE from the window's
 * (confidence, hit) pairs in arrival order. Label-based values are NaN when {@code n} is 0,
 * prediction-based ones when {@code predictions} is 0.
 *
 * @param reliability every equal-width bin, in order
 * @param eceLower 2.5th percentile of the bootstrap ECEs
 * @param eceUpper 97.5th percentile
 * @param predictedShare share of predictions per predicted class
 */
record WindowReport(long n, double ece, double equalMassEce, double classwiseEce, double mce, double brier,
                    double nll, double accuracy, List<Bin> reliability, double eceLower, double eceUpper,
                    long predictions, double meanConfidence, double estimatedAccuracy, double estimatedEce,
                    double[] predictedShare, long calibratorVersion) {

    /** One reliability bin; means NaN when empty. */
    record Bin(int index, double lower, double upper, long count, double meanConfidence, double accuracy) {
    }

    static WindowReport of(BinStats s, double[] confidences, boolean[] hitFlags, int resamples, long seed) {
        int bins = s.bins;
        double nan = Double.NaN;
        long n = s.n;
        double ece = nan;
        double mce = nan;
        double classwise = nan;
        List<Bin> reliability = new ArrayList<>(bins);
        if (n > 0) {
            double gaps = 0;
            mce = 0;
            for (int b = 0; b < bins; b++) {
                gaps += Math.abs(s.hits[b] - s.conf[b]);
                if (s.count[b] > 0) {
                    mce = Math.max(mce, Math.abs(s.hits[b] - s.conf[b]) / s.count[b]);
                }
            }
            ece = gaps / n;
            double cells = 0;
            for (int i = 0; i < s.classP.length; i++) {
                cells += Math.abs(s.classY[i] - s.classP[i]);
            }
            classwise = cells / ((double) n * s.classes);
        }
        for (int b = 0; b < bins; b++) {
            long c = s.count[b];
            reliability.add(new Bin(b, (double) b / bins, (double) (b + 1) / bins, c,
                    c == 0 ? nan : s.conf[b] / c, c == 0 ? nan : (double) s.hits[b] / c));
        }
        double[] interval = n > 0 ? bootstrap(s, resamples, seed) : new double[] {nan, nan};
        long m = s.predictions;
        double estimatedEce = nan;
        double[] shares = new double[s.classes];
        if (m > 0) {
            double gaps = 0;
            for (int b = 0; b < bins; b++) {
                gaps += Math.abs(s.estHits[b] - s.estConf[b]);
            }
            estimatedEce = gaps / m;
            for (int k = 0; k < s.classes; k++) {
                shares[k] = (double) s.predicted[k] / m;
            }
        } else {
            Arrays.fill(shares, nan);
        }
        return new WindowReport(n, ece, n > 0 ? CalibrationMeasures.equalMassEce(confidences, hitFlags, bins) : nan, classwise, mce,
                n > 0 ? s.brier / n : nan, n > 0 ? s.nll / n : nan, n > 0 ? (double) s.correct / n : nan,
                Collections.unmodifiableList(reliability), interval[0], interval[1], m,
                m > 0 ? s.confidence / m : nan, m > 0 ? s.estimatedHits / m : nan, estimatedEce, shares,
                s.maxVersion == Long.MIN_VALUE ? 0 : s.maxVersion);
    }

    /**
     * A 95% percentile interval for the ECE by a Poisson bootstrap over the reliability cells (bin ×
     * hit or miss, each at its mean confidence): O(bins) per resample, whatever the window's size.
     */
    static double[] bootstrap(BinStats s, int resamples, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] eces = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            long total = 0;
            double gaps = 0;
            for (int b = 0; b < s.bins; b++) {
                long misses = s.count[b] - s.hits[b];
                if (s.count[b] == 0) {
                    continue;
                }
                long h = poisson(random, s.hits[b]);
                long mm = poisson(random, misses);
                double hitConf = s.hits[b] == 0 ? 0 : s.confOfHits[b] / s.hits[b];
                double missConf = misses == 0 ? 0 : (s.conf[b] - s.confOfHits[b]) / misses;
                gaps += Math.abs(h - (h * hitConf + mm * missConf));
                total += h + mm;
            }
            eces[r] = total == 0 ? 0 : gaps / total;
        }
        Arrays.sort(eces);
        return new double[] {percentile(eces, 0.025), percentile(eces, 0.975)};
    }

    private static long poisson(SplittableRandom random, long mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 30) { // normal approximation; exact sampling would cost O(mean)
            double g = gaussian(random);
            return Math.max(0, Math.round(mean + Math.sqrt(mean) * g));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        long k = 0;
        while (product > limit) {
            product *= random.nextDouble();
            k++;
        }
        return k;
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private static double percentile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** PSI of this window's predicted-class shares against a reference's; empty shares count as 1e-4. */
    static double psi(double[] current, double[] reference) {
        double total = 0;
        for (int k = 0; k < current.length; k++) {
            double a = Math.max(current[k], 1e-4);
            double e = Math.max(reference[k], 1e-4);
            total += (a - e) * Math.log(a / e);
        }
        return total;
    }
}
