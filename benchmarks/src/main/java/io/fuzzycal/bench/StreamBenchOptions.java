package io.fuzzycal.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options of the benchmarks that run fuzzycal's Kafka Streams services: their Kafka settings, process and data. */
final class StreamBenchOptions {
    @Option(names = "--kafka", paramLabel = "<key=value>",
            description = "A Kafka client or Streams property for the apps and the service process (e.g."
                    + " commit.interval.ms=1000); repeatable.")
    Map<String, String> kafka = new HashMap<>();

    @Option(names = "--service-java-opts", defaultValue = "", paramLabel = "<options>",
            description = "JVM options of the service process (e.g. \"-Xmx256m\"); default: none, the JVM's own defaults.")
    String serviceJavaOptions;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "<n>",
            description = "Seed of the synthetic data. Default: ${DEFAULT-VALUE}.")
    long seed;

    /** {@code --service-java-opts} split at white space. */
    static List<String> javaOptionList(String javaOptions) {
        return javaOptions.isBlank() ? List.of() : List.of(javaOptions.strip().split("\\s+"));
    }

    /** How a report names the service's JVM options. */
    static String describe(String javaOptions) {
        return javaOptions.isBlank() ? "the JVM's default options" : javaOptions.strip();
    }
}
