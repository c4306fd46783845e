package io.fuzzycal.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fuzzycal bench}: throughput and memory of the inference engine, the inference service and the calibration stream. */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks of the inference engine (sentences/s and resident memory of FP32 and INT4), of the inference"
                + " service on Kafka, and of the calibration stream and the monitor against a plain Kafka Streams relay.",
        subcommands = {BenchInferenceCommand.class, BenchMemoryCommand.class, BenchKafkaCommand.class,
            BenchCalibrateStreamCommand.class, BenchMonitorCommand.class,
            BenchRefitCommand.class, BenchPipelineCommand.class})
public final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        // named from the list above, so that a new subcommand is named here too
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
