package io.fuzzycal.calibration.study;

import io.fuzzycal.calibration.CalibrationMethods;
import io.fuzzycal.calibration.MethodOptions;
import io.fuzzycal.calibration.metrics.CalibrationMeasures;
import java.util.List;
import java.util.Objects;

/**
 * What the study runs.
 *
 * @param seeds one calibration/test split (and fit) per seed; the research used 42, 123, 456
 * @param methods base methods; each is also scored followed by {@code +prior}
 * @param options per-method settings ({@code fuzzy} epochs, regions, ...)
 * @param bins bins of the binned metrics
 * @param bootstrapResamples resamples of the paired ECE intervals; 0 skips them
 */
public record StudySettings(List<Long> seeds, List<String> methods, MethodOptions options, int bins,
                            int bootstrapResamples) {
    public static final List<Long> RESEARCH_SEEDS = List.of(42L, 123L, 456L);

    public StudySettings {
        seeds = List.copyOf(seeds);
        methods = List.copyOf(methods);
        Objects.requireNonNull(options, "options");
        if (seeds.isEmpty() || methods.isEmpty()) {
            throw new IllegalArgumentException("the study needs at least one seed and one method");
        }
        for (String m : methods) {
            if (!CalibrationMethods.BASE_METHODS.contains(m)) {
                throw new IllegalArgumentException("study methods are base methods (" + String.join(", ",
                        CalibrationMethods.BASE_METHODS) + "); each is also run with +prior. Got '" + m + "'");
            }
        }
        if (bins < 1 || bootstrapResamples < 0) {
            throw new IllegalArgumentException("bins must be positive and resamples non-negative");
        }
    }

    public static StudySettings defaults() {
        return new StudySettings(RESEARCH_SEEDS, CalibrationMethods.BASE_METHODS, MethodOptions.defaults(),
                CalibrationMeasures.DEFAULT_BINS, 1000);
    }

    public StudySettings withSeeds(List<Long> s) {
        return new StudySettings(s, methods, options, bins, bootstrapResamples);
    }

    public StudySettings withOptions(MethodOptions o) {
        return new StudySettings(seeds, methods, o, bins, bootstrapResamples);
    }

    public StudySettings withBins(int b) {
        return new StudySettings(seeds, methods, options, b, bootstrapResamples);
    }

    public StudySettings withBootstrapResamples(int r) {
        return new StudySettings(seeds, methods, options, bins, r);
    }

    public StudySettings withMethods(List<String> m) {
        return new StudySettings(seeds, m, options, bins, bootstrapResamples);
    }
}
