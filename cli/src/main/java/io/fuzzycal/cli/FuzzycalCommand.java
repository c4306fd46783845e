package io.fuzzycal.cli;

import io.fuzzycal.bench.BenchCommand;
import io.fuzzycal.cli.broker.BrokerCommand;
import io.fuzzycal.cli.consume.ConsumeCommand;
import io.fuzzycal.cli.feed.FeedCommand;
import io.fuzzycal.cli.feed.ProduceCommand;
import io.fuzzycal.cli.feed.ReplayCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code fuzzycal} executable: the root of every command. */
@Command(name = "fuzzycal",
        mixinStandardHelpOptions = true,
        versionProvider = FuzzycalVersion.class,
        description = "Calibration of text-classifier probabilities: fit, apply and compare calibrators.",
        subcommands = {DemoCommand.class, CalibrateCommand.class, ModelCommand.class, StudyCommand.class, InferenceCommand.class,
            CalibrateStreamCommand.class, MonitorCommand.class,
            BenchCommand.class, BrokerCommand.class, ConsumeCommand.class,
            ReplayCommand.class, ProduceCommand.class, FeedCommand.class},
        footer = {"", "Exit codes: 0 success, 1 unexpected failure, 2 bad usage or bad input."})
public final class FuzzycalCommand implements Runnable {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command tree with fuzzycal's error reporting; tests run it in-process. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new FuzzycalCommand());
        ErrorReporter errors = new ErrorReporter();
        commandLine.setExecutionExceptionHandler(errors);
        commandLine.setParameterExceptionHandler(errors);
        everywhere(commandLine, new FuzzycalVersion());
        return commandLine;
    }

    /** Every command prints fuzzycal's version, also those of modules that cannot name FuzzycalVersion (bench). */
    private static void everywhere(CommandLine command, FuzzycalVersion version) {
        command.getCommandSpec().versionProvider(version);
        command.getSubcommands().values().forEach(sub -> everywhere(sub, version));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }
}
