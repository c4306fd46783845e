package io.fuzzycal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.testkit.CliRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the worked example of the README, exactly as printed, on the shipped examples/ files. */
class ReadmeExampleTest {
    private static final CliRunner CLI = new CliRunner(FuzzycalCommand::commandLine);

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize(); // tests run in cli/
    private static final String PROMPT = "$ ./fuzzycal ";

    @Test
    void workedCompareExampleRunsAsPrinted() throws IOException {
        List<String> readme = Files.readAllLines(ROOT.resolve("README.md"));
        int at = indexOfFirst(readme, PROMPT + "calibrate compare", 0);
        String command = readme.get(at);
        List<String> printed = readme.subList(at + 1, indexOfFirst(readme, "```", at));

        CliRunner.Result r = CLI.run(withPathsFromRoot(command.substring(PROMPT.length()).trim().split("\\s+")));
        assertThat(r.exitCode()).as(r.err()).isZero();
        // The numbers move whenever a calibrator's fit changes; the table's shape must not.
        List<String> actual = r.out().lines().toList();
        assertThat(tableShape(actual)).isEqualTo(tableShape(printed));
    }

    /** The header line and the method of each row. */
    private static List<String> tableShape(List<String> lines) {
        int header = indexOfFirst(lines, "method ", 0);
        List<String> shape = new ArrayList<>(List.of(lines.get(header)));
        for (String l : lines.subList(header + 1, lines.size())) {
            if (l.isBlank()) {
                break;
            }
            shape.add(l.split(" ")[0]);
        }
        return shape;
    }

    private static int indexOfFirst(List<String> lines, String prefix, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no line starting with '" + prefix + "' after line " + from);
    }

    /** The README runs from the repository root; resolves the arguments that name files there. */
    private static String[] withPathsFromRoot(String[] args) {
        List<String> out = new ArrayList<>();
        for (String a : args) {
            out.add(!a.startsWith("-") && Files.exists(ROOT.resolve(a)) ? ROOT.resolve(a).toString() : a);
        }
        return out.toArray(String[]::new);
    }
}
