package io.fuzzycal.cli.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fuzzycal.cli.FuzzycalCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import picocli.CommandLine;

/** Runs {@code fuzzycal} in-process with captured output; {@link #jsonLines} reads what consume printed. */
record FuzzycalRun(int exitCode, String out, String err) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static FuzzycalRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = FuzzycalCommand.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new FuzzycalRun(code, out.toString(), err.toString());
    }

    List<JsonNode> jsonLines() {
        return out.lines().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }
}
