package io.fuzzycal.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine;

/** Runs a picocli command tree in-process with its output captured; the one CLI runner of the tests. */
public final class CliRunner {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<CommandLine> commands;

    /** {@code commands} builds the tree with its error handlers, e.g. {@code FuzzycalCommand::commandLine}. */
    public CliRunner(Supplier<CommandLine> commands) {
        this.commands = commands;
    }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = commands.get();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** What a run returned and printed. */
    public record Result(int exitCode, String out, String err) {
        /** stdout read as one JSON document per line. */
        public List<JsonNode> jsonLines() {
            return out.lines().map(line -> {
                try {
                    return JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
