package io.fuzzycal.cli;

import io.fuzzycal.model.DefaultModel;
import io.fuzzycal.model.Device;
import io.fuzzycal.model.EngineOptions;
import io.fuzzycal.model.ModelBundle;
import io.fuzzycal.model.ProgressListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** Which model a command runs and where: {@code --bundle}, {@code --device}, {@code --threads}. */
final class ModelOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--bundle", paramLabel = "<dir>",
            description = "Model bundle (model.onnx, model.int4.onnx, tokenizer.json, config.json)."
                    + " Default: the default model, built on first use in the user cache.")
    Path bundle;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "<cpu|cuda[:N]|auto>",
            description = "ONNX Runtime execution provider; cuda needs the -Pcuda build and an NVIDIA GPU, auto falls"
                    + " back to the CPU with one line when CUDA cannot start. Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--threads", defaultValue = "2", paramLabel = "<n>",
            description = "ONNX Runtime intra-op threads. Default: ${DEFAULT-VALUE}.")
    int threads;

    ModelBundle loadBundle(ProgressListener progress) throws IOException {
        return load(bundle, progress);
    }

    EngineOptions engineOptions() {
        return engineOptions(device, threads);
    }

    /**
     * The options given on the command line, for a service to layer over its settings file and
     * environment; one left out must not hide a setting, so it is absent rather than its default.
     */
    void putGiven(Map<String, String> flags) {
        ParseResult given = command.commandLine().getParseResult();
        flags.put("bundle", given.hasMatchedOption("--bundle") ? bundle.toString() : null);
        flags.put("device", given.hasMatchedOption("--device") ? device : null);
        flags.put("threads", given.hasMatchedOption("--threads") ? Integer.toString(threads) : null);
    }

    /** The bundle in {@code dir}, or the default model (built first when missing) where it is null. */
    static ModelBundle load(Path dir, ProgressListener progress) throws IOException {
        return dir != null ? ModelBundle.load(dir) : DefaultModel.ensureBuilt(DefaultModel.defaultBundleDir(), progress);
    }

    static EngineOptions engineOptions(String device, int threads) {
        return InvalidInputException.check(
                () -> EngineOptions.defaults().withIntraOpThreads(threads).withDevice(Device.parse(device)));
    }
}
