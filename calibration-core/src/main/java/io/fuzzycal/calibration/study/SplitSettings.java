package io.fuzzycal.calibration.study;

import io.fuzzycal.calibration.CalibrationMethods;
import io.fuzzycal.calibration.MethodOptions;
import io.fuzzycal.calibration.metrics.CalibrationMeasures;
import java.util.List;
import java.util.Objects;

/**
 * What the paired-splits study runs.
 *
 * @param splits stratified half splits; split {@code i} uses seed {@code firstSeed + i}, so every method sees the same ones
 * @param firstSeed seed of the first split
 * @param methods method names ({@link CalibrationMethods}), fitted on each split's FP32 calibration half
 * @param calibrationSizes labelled rows to fit on, a stratified sample of the calibration half; 0 means all of it
 * @param options per-method settings
 * @param bins ECE bins
 * @param supervisedRows labelled target rows per split, a stratified sample of the test half held
 *     apart from scoring, from which {@code supervised} prior corrections take their target prior;
 *     0 holds none back (then no method may use a supervised target prior)
 */
public record SplitSettings(int splits, long firstSeed, List<String> methods, List<Integer> calibrationSizes,
                            MethodOptions options, int bins, int supervisedRows) {
    /** Enough paired splits for a standard error of the mean difference to mean something. */
    public static final int DEFAULT_SPLITS = 30;
    public static final int ALL_ROWS = 0;

    public SplitSettings {
        methods = List.copyOf(methods);
        calibrationSizes = List.copyOf(calibrationSizes);
        Objects.requireNonNull(options, "options");
        if (splits < 2) {
            throw new IllegalArgumentException("paired splits need at least 2 splits, got " + splits);
        }
        if (methods.isEmpty() || calibrationSizes.isEmpty()) {
            throw new IllegalArgumentException("the split study needs at least one method and one calibration size");
        }
        for (int size : calibrationSizes) {
            if (size < 0 || (size > 0 && size < 10)) {
                throw new IllegalArgumentException("calibration sizes are 0 (all) or at least 10 rows, got " + size);
            }
        }
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be positive");
        }
        if (supervisedRows < 0) {
            throw new IllegalArgumentException("supervised rows must be non-negative");
        }
    }

    public static SplitSettings defaults() {
        return new SplitSettings(DEFAULT_SPLITS, 1, CalibrationMethods.BASE_METHODS, List.of(ALL_ROWS),
                MethodOptions.defaults(), CalibrationMeasures.DEFAULT_BINS, 0);
    }

    public SplitSettings withSplits(int n) {
        return new SplitSettings(n, firstSeed, methods, calibrationSizes, options, bins, supervisedRows);
    }

    public SplitSettings withMethods(List<String> m) {
        return new SplitSettings(splits, firstSeed, m, calibrationSizes, options, bins, supervisedRows);
    }

    public SplitSettings withCalibrationSizes(List<Integer> sizes) {
        return new SplitSettings(splits, firstSeed, methods, sizes, options, bins, supervisedRows);
    }

    public SplitSettings withOptions(MethodOptions o) {
        return new SplitSettings(splits, firstSeed, methods, calibrationSizes, o, bins, supervisedRows);
    }

    public SplitSettings withBins(int b) {
        return new SplitSettings(splits, firstSeed, methods, calibrationSizes, options, b, supervisedRows);
    }

    public SplitSettings withSupervisedRows(int rows) {
        return new SplitSettings(splits, firstSeed, methods, calibrationSizes, options, bins, rows);
    }

    public SplitSettings withFirstSeed(long seed) {
        return new SplitSettings(splits, seed, methods, calibrationSizes, options, bins, supervisedRows);
    }
}
