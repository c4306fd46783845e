package io.fuzzycal.cli;

import io.fuzzycal.calibration.compare.ComparisonSettings;
import io.fuzzycal.calibration.metrics.CalibrationMeasures;
import picocli.CommandLine.Option;

/** How the commands that score calibrators measure: {@code --bins} and {@code --bootstrap}. */
final class MetricOptions {
    @Option(names = "--bins", defaultValue = "" + CalibrationMeasures.DEFAULT_BINS, paramLabel = "<n>",
            description = "Bins of the binned metrics (ECE, MCE, reliability). Default: ${DEFAULT-VALUE}.")
    int bins;

    @Option(names = "--bootstrap", defaultValue = "" + ComparisonSettings.DEFAULT_BOOTSTRAP_RESAMPLES, paramLabel = "<n>",
            description = "Bootstrap resamples of the ECE confidence intervals; 0 skips them. Default: ${DEFAULT-VALUE}.")
    int bootstrap;
}
