package io.fuzzycal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HelpTest {
    @ParameterizedTest
    @ValueSource(strings = {"", "calibrate", "calibrate fit", "calibrate apply", "calibrate compare", "model",
        "model quantize", "model build", "bench", "bench inference", "bench memory", "bench kafka", "bench calibrate-stream",
        "broker", "consume",
        "inference"})
    void helpExitsZeroOnEveryCommand(String command) {
        List<String> args = new ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
        args.add("--help");
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("Usage: fuzzycal" + (command.isEmpty() ? "" : " " + command));
        assertThat(r.err()).isEmpty();
    }

    @Test
    void versionNamesTheProjectVersion() {
        Cli.Result r = Cli.run("--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).matches("(?s)fuzzycal \\d+\\.\\d+\\.\\d+.*\\nJava .*");
        assertThat(Cli.run("calibrate", "compare", "--version").out()).isEqualTo(r.out());
    }
}
