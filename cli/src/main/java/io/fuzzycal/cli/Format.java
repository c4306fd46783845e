package io.fuzzycal.cli;

import java.util.Locale;

/** Number formats shared by the commands' console output. */
final class Format {
    private Format() {
    }

    /** A fixed-point number with {@code digits} decimals, or {@code -} when it is not a number. */
    static String fixed(double v, int digits) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    /** A probability vector such as {@code [0.146, 0.199, 0.655]}. */
    static String vector(double[] v) {
        StringBuilder s = new StringBuilder("[");
        for (int k = 0; k < v.length; k++) {
            s.append(k == 0 ? "" : ", ").append(fixed(v[k], 3));
        }
        return s.append(']').toString();
    }
}
