package io.fuzzycal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.testkit.CliRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class HelpTest {
    private static final CliRunner CLI = new CliRunner(FuzzycalCommand::commandLine);

    /** Every command of the tree, as the words that name it ({@code ""} for the root), so none is left out. */
    static Stream<String> commands() {
        List<String> names = new ArrayList<>();
        collect(FuzzycalCommand.commandLine(), "", names);
        return names.stream();
    }

    private static void collect(CommandLine command, String words, List<String> names) {
        names.add(words);
        command.getSubcommands().forEach((name, sub) -> collect(sub, words.isEmpty() ? name : words + " " + name, names));
    }

    @Test
    void theTreeHoldsEveryCommand() {
        assertThat(commands()).contains("", "study", "calibrate fit", "model build", "bench calibrate-stream", "broker",
                "consume", "inference", "calibrate-stream", "replay", "produce", "feed", "demo");
    }

    @ParameterizedTest
    @MethodSource("commands")
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
