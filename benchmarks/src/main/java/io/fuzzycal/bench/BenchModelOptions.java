package io.fuzzycal.bench;

import io.fuzzycal.model.ModelBundle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** The options every benchmark shares: which bundle, and how many ONNX Runtime threads. */
final class BenchModelOptions {
    @Option(names = "--bundle", paramLabel = "<dir>",
            description = "Model bundle. Default: the default model, built on first use in the user cache.")
    Path bundle;

    @Option(names = "--threads", defaultValue = "2", paramLabel = "<n>",
            description = "ONNX Runtime intra-op threads. Default: ${DEFAULT-VALUE}.")
    int threads;

    /** The bundle, built first when it is the default one and missing; fails on a bad thread count. */
    ModelBundle load(Consumer<String> progress) throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
        }
        return BenchInputs.bundle(bundle, progress);
    }

    int threads() {
        return threads;
    }
}
