package io.fuzzycal.cli;

import io.fuzzycal.cli.model.ModelBuildCommand;
import io.fuzzycal.cli.model.ModelQuantizeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fuzzycal model}: build the default model bundle and quantize ONNX models to INT4. */
@Command(name = "model",
        mixinStandardHelpOptions = true,
        versionProvider = FuzzycalVersion.class,
        description = "Model bundles: build the default financial-sentiment bundle, quantize an ONNX classifier to INT4.",
        subcommands = {ModelBuildCommand.class, ModelQuantizeCommand.class})
final class ModelCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: build or quantize");
    }
}
