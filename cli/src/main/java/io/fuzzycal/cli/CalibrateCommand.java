package io.fuzzycal.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fuzzycal calibrate}: offline calibration of any model's probabilities, from CSV files. */
@Command(name = "calibrate",
        mixinStandardHelpOptions = true,
        versionProvider = FuzzycalVersion.class,
        description = "Offline calibration of a model's probabilities or logits from CSV files.",
        subcommands = {CalibrateFitCommand.class, CalibrateApplyCommand.class, CalibrateCompareCommand.class})
final class CalibrateCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: fit, apply or compare");
    }
}
