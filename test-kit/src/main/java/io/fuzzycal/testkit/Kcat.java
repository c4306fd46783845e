package io.fuzzycal.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** kcat, a Kafka client this project did not write, under {@link ExternalTool}'s rule. */
public final class Kcat {
    private final String bootstrapServers;

    private Kcat(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** kcat against {@code bootstrapServers}, or a failed (CI) or skipped (elsewhere) test: {@link ExternalTool}'s rule. */
    public static Kcat require(String bootstrapServers) {
        ExternalTool.require("apt-get install kcat", "kcat", "-V");
        return new Kcat(bootstrapServers);
    }

    /** Produces {@code key<TAB>value} lines to {@code topic}. */
    public void produce(String topic, List<String> lines) throws IOException, InterruptedException {
        run(List.of("-P", "-t", topic, "-K", "\t"), String.join("\n", lines) + "\n");
    }

    /** Runs kcat with {@code args} (the broker added) and {@code stdin}; its stdout, or an exception with its output. */
    public String run(List<String> args, String stdin) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kcat", "-b", bootstrapServers));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("kcat " + args + " failed: " + output);
        }
        return output;
    }
}
