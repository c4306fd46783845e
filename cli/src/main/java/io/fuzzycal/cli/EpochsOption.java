package io.fuzzycal.cli;

import picocli.CommandLine.Option;

/** {@code --max-epochs} of the fuzzy method, for every command that fits it. */
final class EpochsOption {
    @Option(names = "--max-epochs", defaultValue = "200", paramLabel = "<n>",
            description = "fuzzy: at most this many epochs of Adam (early stopping may end sooner). Default: ${DEFAULT-VALUE}.")
    int maxEpochs;
}
