package io.fuzzycal.calibration.compare;

import java.util.List;

/**
 * The outcome of {@link MethodComparison#run}: one result per method, in the requested order.
 *
 * @param trainRows rows the methods were fitted on
 * @param testRows rows they were scored on
 * @param classes number of classes
 * @param settings what was run
 * @param results one entry per method
 */
public record Comparison(int trainRows, int testRows, int classes, ComparisonSettings settings,
                         List<MethodResult> results) {
    public Comparison {
        results = List.copyOf(results);
    }
}
