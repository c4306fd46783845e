package io.fuzzycal.cli;

import io.fuzzycal.calibration.FuzzyOptions;
import io.fuzzycal.calibration.MethodOptions;
import io.fuzzycal.calibration.TargetPrior;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options that shape how methods are fitted; shared by {@code calibrate fit} and {@code calibrate compare}. */
final class FitSettings {
    @Option(names = "--seed", defaultValue = "42", paramLabel = "<n>",
            description = "Seed of every random choice (splits, shuffles, bootstrap). Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--regions", defaultValue = "5", paramLabel = "<k>",
            description = "fuzzy: number of confidence regions K. Default: ${DEFAULT-VALUE}.")
    int regions;

    @Mixin
    EpochsOption epochs = new EpochsOption();

    @Option(names = "--target-prior", defaultValue = "bbse", paramLabel = "<prior>",
            description = "+prior methods: the class prior to correct to: bbse or em (estimated without labels on the"
                    + " data being calibrated; refused, with the reason, when the guard finds it unreliable or not"
                    + " significant), supervised (from the label column of the data being calibrated), uniform, or"
                    + " numbers such as 0.2,0.3,0.5. Default: ${DEFAULT-VALUE}.")
    String targetPrior;

    /** The options for {@link io.fuzzycal.calibration.CalibrationMethods#create}; bad values are bad input. */
    MethodOptions methodOptions() {
        return InvalidInputException.check(() -> {
            MethodOptions defaults = MethodOptions.defaults();
            FuzzyOptions fuzzy = defaults.fuzzy().withRegions(regions).withMaxEpochs(epochs.maxEpochs).withPatience(epochs.maxEpochs);
            return defaults.withFuzzy(fuzzy).withTargetPrior(TargetPrior.parse(targetPrior));
        });
    }
}
