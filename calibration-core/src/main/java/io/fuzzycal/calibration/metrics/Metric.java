package io.fuzzycal.calibration.metrics;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The metrics of {@link CalibrationMeasures} by name, for command lines, reports and the bootstrap. */
public enum Metric {
    ECE("ece"),
    EQUAL_MASS_ECE("ece_equal_mass"),
    CLASSWISE_ECE("classwise_ece"),
    MCE("mce"),
    BRIER("brier"),
    NLL("nll"),
    ACCURACY("accuracy");

    private final String key;

    Metric(String key) {
        this.key = key;
    }

    /** The stable name used in reports and on the command line. */
    public String key() {
        return key;
    }

    /**
     * This metric of validated {@code probabilities} and {@code labels}. {@code bins} is ignored by
     * {@link #BRIER}, {@link #NLL} and {@link #ACCURACY}; the binned metrics need {@code bins >= 1}.
     */
    public double compute(double[][] probabilities, int[] labels, int bins) {
        return switch (this) {
            case ECE -> CalibrationMeasures.ece(probabilities, labels, bins);
            case EQUAL_MASS_ECE -> CalibrationMeasures.equalMassEce(probabilities, labels, bins);
            case CLASSWISE_ECE -> CalibrationMeasures.classwiseEce(probabilities, labels, bins);
            case MCE -> CalibrationMeasures.mce(probabilities, labels, bins);
            case BRIER -> CalibrationMeasures.brier(probabilities, labels);
            case NLL -> CalibrationMeasures.nll(probabilities, labels);
            case ACCURACY -> CalibrationMeasures.accuracy(probabilities, labels);
        };
    }

    /** The metric with this key (case and surrounding blanks ignored); fails with the list of keys. */
    public static Metric fromKey(String key) {
        String k = key == null ? "" : key.trim().toLowerCase(Locale.ROOT);
        for (Metric m : values()) {
            if (m.key.equals(k)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown metric '" + key + "'; expected one of "
                + Arrays.stream(values()).map(Metric::key).collect(Collectors.joining(", ")));
    }
}
