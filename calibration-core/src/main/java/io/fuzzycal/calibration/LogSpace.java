package io.fuzzycal.calibration;

/** Numerically stable softmax helpers shared by the maps and objectives. */
final class LogSpace {
    private LogSpace() {
    }

    /** {@code out = softmax(z)}; {@code z} and {@code out} may be the same array. */
    static void softmaxInto(double[] z, double[] out) {
        int c = z.length;
        double max = z[0];
        for (int k = 1; k < c; k++) {
            max = Math.max(max, z[k]);
        }
        double s = 0;
        for (int k = 0; k < c; k++) {
            double e = Math.exp(z[k] - max);
            out[k] = e;
            s += e;
        }
        double inv = 1.0 / s;
        for (int k = 0; k < c; k++) {
            out[k] *= inv;
        }
    }

    /** log Σ exp(z). */
    static double logSumExp(double[] z) {
        double max = z[0];
        for (int k = 1; k < z.length; k++) {
            max = Math.max(max, z[k]);
        }
        double s = 0;
        for (double v : z) {
            s += Math.exp(v - max);
        }
        return max + Math.log(s);
    }

    /** Mean negative log-likelihood of {@code map} on labelled {@code data}, probabilities floored. */
    static double meanNll(FittedCalibrator map, CalibrationSet data) {
        double[] out = new double[data.numClasses()];
        double sum = 0;
        for (int i = 0; i < data.size(); i++) {
            map.calibrateLog(data.logRow(i), out);
            sum -= Math.log(Math.max(out[data.label(i)], CalibrationSet.PROB_FLOOR));
        }
        return sum / data.size();
    }
}
