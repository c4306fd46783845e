package io.fuzzycal.calibration.compare;

import io.fuzzycal.calibration.CalibrationMethods;
import io.fuzzycal.calibration.MethodOptions;
import io.fuzzycal.calibration.metrics.CalibrationMeasures;
import java.util.List;
import java.util.Objects;

/**
 * What {@link MethodComparison} fits and how it scores.
 *
 * @param methods method names as {@link CalibrationMethods} spells them, in table order
 * @param options per-method settings ({@code fuzzy} regions, target prior, ...)
 * @param seed seed of every fit and of the bootstrap, so that a comparison is reproducible
 * @param bins equal-width (and equal-mass) bins of the binned metrics
 * @param bootstrapResamples resamples of the ECE confidence interval; 0 skips it
 * @param level confidence level of that interval, such as 0.95
 */
public record ComparisonSettings(List<String> methods, MethodOptions options, long seed, int bins,
                                 int bootstrapResamples, double level) {
    public static final long DEFAULT_SEED = 42;
    public static final int DEFAULT_BOOTSTRAP_RESAMPLES = 1000;
    public static final double DEFAULT_LEVEL = 0.95;

    public ComparisonSettings {
        methods = List.copyOf(methods);
        Objects.requireNonNull(options, "options");
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("no methods to compare");
        }
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be at least 1, got " + bins);
        }
        if (bootstrapResamples < 0) {
            throw new IllegalArgumentException("bootstrap resamples must be 0 (none) or more, got " + bootstrapResamples);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("confidence level must be between 0 and 1, got " + level);
        }
    }

    /** Every method, default options, seed 42, 15 bins, 1000 resamples, 95%. */
    public static ComparisonSettings defaults() {
        return new ComparisonSettings(CalibrationMethods.all(), MethodOptions.defaults(), DEFAULT_SEED,
                CalibrationMeasures.DEFAULT_BINS, DEFAULT_BOOTSTRAP_RESAMPLES, DEFAULT_LEVEL);
    }

    public ComparisonSettings withMethods(List<String> names) {
        return new ComparisonSettings(names, options, seed, bins, bootstrapResamples, level);
    }

    public ComparisonSettings withOptions(MethodOptions o) {
        return new ComparisonSettings(methods, o, seed, bins, bootstrapResamples, level);
    }

    public ComparisonSettings withSeed(long s) {
        return new ComparisonSettings(methods, options, s, bins, bootstrapResamples, level);
    }

    public ComparisonSettings withBins(int b) {
        return new ComparisonSettings(methods, options, seed, b, bootstrapResamples, level);
    }

    public ComparisonSettings withBootstrapResamples(int r) {
        return new ComparisonSettings(methods, options, seed, bins, r, level);
    }
}
