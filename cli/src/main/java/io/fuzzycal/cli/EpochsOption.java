package io.fuzzycal.cli;

import picocli.CommandLine.Option;

/** {@code --max-epochs} of the fuzzy method, for every command that fits it. */
final class EpochsOption {
    @Option(names = "--max-epochs", defaultValue = "100", paramLabel = "<n>",
            description = "fuzzy: epochs of Adam over all rows. Default: ${DEFAULT-VALUE}.")
    int maxEpochs;
}
