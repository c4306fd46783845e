package io.fuzzycal.stream;

import io.fuzzycal.schemas.avro.Variant;
import java.util.List;

/**
 * One calibrator a refit fits: under which key it is published, on which variant's predictions it
 * is fitted, and on which variants it must not get worse.
 *
 * @param key the record key in {@code calibration.models}: the model id, or {@code model/VARIANT}
 * @param variant the variant it is for, or null when it serves every variant
 * @param fittedOn the variant whose predictions it is fitted on
 * @param evaluated the variants whose held-out predictions it is judged on
 */
record CalibrationTarget(String key, Variant variant, Variant fittedOn, List<Variant> evaluated) {
    private static final String SEPARATOR = "/";

    CalibrationTarget {
        evaluated = List.copyOf(evaluated);
    }

    /** The research's transfer setting: fitted on FP32, published under the model id, for every variant. */
    static CalibrationTarget transfer(String modelId) {
        return new CalibrationTarget(modelId, null, Variant.FP32, List.of(Variant.values()));
    }

    /** A calibrator for one variant, fitted and judged on that variant alone. */
    static CalibrationTarget perVariant(String modelId, Variant v) {
        return new CalibrationTarget(key(modelId, v), v, v, List.of(v));
    }

    /** The targets a refit of {@code modelId} fits under {@code policy}. */
    static List<CalibrationTarget> of(String modelId, RefitPolicy policy) {
        if (!policy.perVariant()) {
            return List.of(transfer(modelId));
        }
        return java.util.Arrays.stream(Variant.values()).map(v -> perVariant(modelId, v)).toList();
    }

    /** The key of a per-variant calibrator. */
    static String key(String modelId, Variant v) {
        return modelId + SEPARATOR + v.name();
    }
}
