package io.fuzzycal.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.cli.FuzzycalCommand;
import io.fuzzycal.testkit.CliRunner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code bench refit}'s refits without the service (no broker): a row per window size and method. */
class BenchRefitCommandTest {
    private static final CliRunner CLI = new CliRunner(FuzzycalCommand::commandLine);

    @Test
    void aRowPerWindowSizeAndMethodWithTheTrialsTimesAndOutcome() {
        CliRunner.Result r = CLI.run("bench", "refit", "--window-sizes", "300,600", "--methods", "fuzzy,auto",
                "--repeat", "2", "--no-service");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("champion: fuzzy as version 0", "2 trial(s) each")
                .containsPattern("(?m)^window +method +refit s fastest +refit s slowest +decode ms +allocated MB +outcome$")
                .doesNotContain("the service alone");
        for (String size : new String[] {"300", "600"}) {
            for (String method : new String[] {"fuzzy", "auto"}) {
                Matcher m = Pattern.compile("(?m)^" + size + " +" + method + " +(\\d+\\.\\d{3}) +(\\d+\\.\\d{3})"
                        + " +(\\d+\\.\\d) +(\\d+\\.\\d) +(promoted (temperature|affine|dirichlet|fuzzy)|rejected [A-Z_]+)$")
                        .matcher(r.out());
                assertThat(m.find()).as(size + " " + method + " in\n" + r.out()).isTrue();
                double fastest = Double.parseDouble(m.group(1));
                assertThat(fastest).as("fastest trial s").isPositive();
                assertThat(Double.parseDouble(m.group(2))).as("slowest trial s").isGreaterThanOrEqualTo(fastest);
                assertThat(Double.parseDouble(m.group(4))).as("allocated MB").isPositive();
            }
        }
        assertThat(r.err()).contains("bench refit: window 600, auto, trial 2/2");
    }

    @Test
    void badOptionValuesAreUsageErrors() {
        CliRunner.Result r = CLI.run("bench", "refit", "--window-sizes", "1000,1", "--no-service");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--window-sizes must be >= 2 each, got [1000, 1]");
        r = CLI.run("bench", "refit", "--methods", "fuzzy,isotonic", "--no-service");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--methods: unknown method 'isotonic'");
        r = CLI.run("bench", "refit", "--repeat", "0", "--no-service");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--repeat must be >= 1, got 0");
        r = CLI.run("bench", "refit", "--window-sizes", "1k");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--window-sizes");
    }
}
