package io.fuzzycal.testkit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** kcat, a Kafka client this project did not write, under {@link ExternalTool}'s one rule for missing tools. */
public final class Kcat {
    private final ExternalTool kcat;
    private final String bootstrapServers;

    private Kcat(ExternalTool kcat, String bootstrapServers) {
        this.kcat = kcat;
        this.bootstrapServers = bootstrapServers;
    }

    /** kcat against {@code bootstrapServers}, or a failed (CI) or skipped (elsewhere) test. */
    public static Kcat require(String bootstrapServers) {
        return new Kcat(ExternalTool.require("kcat", "apt-get install kcat", "-V"), bootstrapServers);
    }

    /** Produces {@code key<TAB>value} lines to {@code topic}. */
    public void produce(String topic, List<String> lines) throws IOException, InterruptedException {
        run(List.of("-P", "-t", topic, "-K", "\t"), String.join("\n", lines) + "\n");
    }

    /** Runs kcat with {@code args} (the broker added) and {@code stdin}; its stdout, or an exception with its output. */
    public String run(List<String> args, String stdin) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("-b", bootstrapServers));
        command.addAll(args);
        return kcat.run(null, stdin, 60, command).orThrow().stdout();
    }
}
