package io.fuzzycal.calibration.stats;

/** Mean of a series and the standard error of that mean ({@code sd/√n}; 0 for one value). */
public record MeanAndError(double mean, double standardError) {

    public static MeanAndError of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        int n = values.length;
        return new MeanAndError(mean, n > 1 ? Math.sqrt(ss / (n - 1) / n) : 0);
    }
}
