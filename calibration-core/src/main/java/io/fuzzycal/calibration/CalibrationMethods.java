package io.fuzzycal.calibration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The calibration methods by name. A name is one of {@link #BASE_METHODS}, optionally followed by
 * {@code +prior}; {@code prior} alone means {@code uncalibrated+prior}.
 */
public final class CalibrationMethods {
    public static final String UNCALIBRATED = "uncalibrated";
    public static final String TEMPERATURE = "temperature";
    public static final String AFFINE = "affine";
    public static final String DIRICHLET = "dirichlet";
    public static final String FUZZY = "fuzzy";
    public static final String PRIOR = "prior";
    /** Picks one of the fitted base methods by cross-validation on the fit data ({@link AutoCalibrator}). */
    public static final String AUTO = "auto";
    public static final String PRIOR_SUFFIX = "+prior";

    /** The methods that fit a map, in the research's order. */
    public static final List<String> BASE_METHODS = List.of(UNCALIBRATED, TEMPERATURE, AFFINE, DIRICHLET, FUZZY);

    private CalibrationMethods() {
    }

    /** Every name {@link #create} takes before an optional {@code +prior}: the base methods and {@code auto}. */
    public static boolean isFittable(String name) {
        return BASE_METHODS.contains(name) || AUTO.equals(name);
    }

    /** Every base method, then {@code prior} (what {@code --methods all} means). */
    public static List<String> all() {
        List<String> names = new ArrayList<>(BASE_METHODS);
        names.add(PRIOR);
        return List.copyOf(names);
    }

    /** Every base method, each also followed by {@code +prior}. */
    public static List<String> allWithPrior() {
        List<String> names = new ArrayList<>();
        for (String m : BASE_METHODS) {
            names.add(m);
            names.add(m + PRIOR_SUFFIX);
        }
        return List.copyOf(names);
    }

    public static Calibrator create(String name) {
        return create(name, MethodOptions.defaults());
    }

    /** Builds the named calibrator; fails with the list of known names on an unknown one. */
    public static Calibrator create(String name, MethodOptions options) {
        String spec = canonical(name);
        if (spec.endsWith(PRIOR_SUFFIX)) {
            return new PriorCorrection(createBase(spec.substring(0, spec.length() - PRIOR_SUFFIX.length()), options),
                    options.targetPrior());
        }
        return createBase(spec, options);
    }

    /** Lower-cases the name and spells {@code prior} as {@code uncalibrated+prior}. */
    public static String canonical(String name) {
        String spec = name.trim().toLowerCase(Locale.ROOT);
        return spec.equals(PRIOR) ? UNCALIBRATED + PRIOR_SUFFIX : spec;
    }

    private static Calibrator createBase(String name, MethodOptions options) {
        return switch (name) {
            case UNCALIBRATED -> new Uncalibrated();
            case TEMPERATURE -> new TemperatureScaling();
            case AFFINE -> new VectorScaling();
            case DIRICHLET -> new DirichletCalibration(options.dirichlet());
            case FUZZY -> new FuzzyGatedCalibrator(options.fuzzy());
            case AUTO -> new AutoCalibrator(options.auto(), options);
            default -> throw new IllegalArgumentException("unknown calibration method '" + name + "'; expected one of "
                    + String.join(", ", all()) + ", " + AUTO + ", optionally followed by +prior");
        };
    }
}
