package io.fuzzycal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.testkit.CliRunner;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fuzzycal.calibration.CalibrationMethods;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrateCompareTest {
    private static final CliRunner CLI = new CliRunner(FuzzycalCommand::commandLine);

    @TempDir
    static Path dir;
    static Path train;
    static Path test;

    @BeforeAll
    static void files() throws IOException {
        train = SyntheticCsv.write(dir.resolve("train.csv"), 600, 10, true, false);
        test = SyntheticCsv.write(dir.resolve("test.csv"), 400, 11, true, true);
    }

    private static CliRunner.Result compare(String... extra) {
        List<String> args = new ArrayList<>(List.of("calibrate", "compare", "--train", train.toString(),
                "--test", test.toString(), "--max-epochs", "40", "--bootstrap", "200"));
        args.addAll(List.of(extra));
        return CLI.run(args.toArray(String[]::new));
    }

    @Test
    void tableHasARowPerMethodAndProgressGoesToStderr() {
        CliRunner.Result r = compare();
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).startsWith("fitted on " + train + " (600 rows), scored on " + test + " (400 rows)");
        String header = lines.stream().filter(l -> l.startsWith("method")).findFirst().orElseThrow();
        assertThat(header).contains("ECE [95% CI]", "ECE eq-mass", "cw-ECE", "MCE", "Brier", "NLL", "accuracy",
                "McNemar p");
        int total = CalibrationMethods.all().size();
        for (int i = 0; i < total; i++) {
            String method = CalibrationMethods.all().get(i);
            assertThat(lines).anySatisfy(l -> assertThat(l).matches(method + " +\\d\\.\\d{4} \\[\\d\\.\\d{4}, \\d\\.\\d{4}\\] .*"));
            assertThat(r.err()).contains("fitting " + method + " (" + (i + 1) + "/" + total + ")...");
        }
        // Columns line up: every row's ECE starts where the header's does.
        int eceColumn = header.indexOf("ECE [");
        assertThat(lines.stream().filter(l -> CalibrationMethods.all().stream().anyMatch(m -> l.startsWith(m + " "))))
                .allSatisfy(l -> assertThat(l.charAt(eceColumn)).isBetween('0', '9'));
        // Train and test come from one generator, so the guard may refuse the estimated prior: it says which.
        assertThat(r.out()).containsPattern("(?m)^prior: (target prior \\[|prior correction refused \\()");
    }

    @Test
    void jsonParsesAndCarriesEveryMethodWithItsReliabilityTable() throws IOException {
        CliRunner.Result r = compare("--methods", "uncalibrated,fuzzy,temperature+prior", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertThat(root.path("test").path("rows").asInt()).isEqualTo(400);
        assertThat(root.path("classes").asInt()).isEqualTo(3);
        JsonNode results = root.path("results");
        assertThat(results).hasSize(3);
        assertThat(results.get(1).path("method").asText()).isEqualTo("fuzzy");
        for (JsonNode m : results) {
            assertThat(m.path("metrics").path("ece").isNumber()).isTrue();
            assertThat(m.path("metrics").path("n").asInt()).isEqualTo(400);
            assertThat(m.path("eceInterval").path("lower").asDouble())
                    .isLessThanOrEqualTo(m.path("metrics").path("ece").asDouble());
            assertThat(m.path("mcnemarVsUncalibrated").path("pValue").isNumber()).isTrue();
            assertThat(m.path("reliability")).hasSize(15);
        }
        assertThat(results.get(2).path("targetPrior")).hasSize(3);
        assertThat(results.get(0).path("targetPrior").isNull()).isTrue();
    }

    @Test
    void sameSeedGivesTheSameNumbers() {
        CliRunner.Result a = compare("--methods", "temperature,dirichlet");
        CliRunner.Result b = compare("--methods", "temperature,dirichlet");
        assertThat(a.out()).isEqualTo(b.out());
    }

    @Test
    void bootstrapZeroDropsTheInterval() {
        CliRunner.Result r = CLI.run("calibrate", "compare", "--train", train.toString(), "--test", test.toString(),
                "--methods", "temperature", "--bootstrap", "0");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("CI").containsPattern("temperature +\\d\\.\\d{4} +\\d");
    }
}
