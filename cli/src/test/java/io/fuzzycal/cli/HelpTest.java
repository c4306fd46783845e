package io.fuzzycal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.testkit.CliRunner;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HelpTest {
    private static final CliRunner CLI = new CliRunner(FuzzycalCommand::commandLine);

    @ParameterizedTest
    @ValueSource(strings = {"", "calibrate", "calibrate fit", "calibrate apply", "calibrate compare", "model",
        "model quantize", "model build", "bench", "bench inference", "bench memory", "bench kafka", "broker", "consume",
        "inference", "calibrate-stream", "bench calibrate-stream"})
    void helpExitsZeroOnEveryCommand(String command) {
        List<String> args = new ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
        args.add("--help");
        CliRunner.Result r = CLI.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("Usage: fuzzycal" + (command.isEmpty() ? "" : " " + command));
        assertThat(r.err()).isEmpty();
    }

    @Test
    void versionNamesTheProjectVersion() {
        CliRunner.Result r = CLI.run("--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).matches("(?s)fuzzycal \\d+\\.\\d+\\.\\d+.*\\nJava .*");
        assertThat(CLI.run("calibrate", "compare", "--version").out()).isEqualTo(r.out());
    }
}
