package io.fuzzycal.bench;

import io.fuzzycal.model.ModelBundle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options every benchmark shares: which bundle, and how many ONNX Runtime threads. */
final class BenchModelOptions {
    @Option(names = "--bundle", paramLabel = "<dir>",
            description = "Model bundle. Default: the default model, built on first use in the user cache.")
    Path bundle;

    @Option(names = "--threads", defaultValue = "2", paramLabel = "<n>",
            description = "ONNX Runtime intra-op threads. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The bundle, built first when it is the default one and missing; a bad thread count is a usage error. */
    ModelBundle load(Consumer<String> progress) throws IOException {
        if (threads < 1) {
            throw new ParameterException(command.commandLine(), "--threads must be >= 1, got " + threads);
        }
        return BenchInputs.bundle(bundle, progress);
    }

    int threads() {
        return threads;
    }
}
