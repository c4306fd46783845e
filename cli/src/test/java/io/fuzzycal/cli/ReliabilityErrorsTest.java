package io.fuzzycal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.testkit.CliRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 10's command-line cases: each a one-line error with exit 2, where it used to be NaN, a stack trace or a silent misreading. */
class ReliabilityErrorsTest {
    private static final CliRunner CLI = new CliRunner(FuzzycalCommand::commandLine);

    @TempDir
    Path dir;

    private static void assertUserError(CliRunner.Result r, String message) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("fuzzycal: error: ").contains(message).doesNotContain("\tat ");
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.out()).isEmpty();
    }

    private CliRunner.Result apply(Path calibrator) throws IOException {
        Path input = SyntheticCsv.write(dir.resolve("in.csv"), 20, 1, false, false);
        return CLI.run("calibrate", "apply", "--calibrator", calibrator.toString(), "--input", input.toString(),
                "--out", dir.resolve("out.csv").toString());
    }

    private static String temperature(String t, String version) {
        return "{\"format\":\"fuzzycal-calibrator\",\"formatVersion\":" + version
                + ",\"method\":\"temperature\",\"classes\":3,\"parameters\":{\"temperature\":" + t + "}}";
    }

    /** It used to write all-NaN rows with exit 0. */
    @Test
    void aCalibratorThatWouldOutputNanIsRefused() throws IOException {
        Path c = Files.writeString(dir.resolve("t.json"), temperature("4.9e-324", "1"));
        assertUserError(apply(c), c + ": unusable calibrator");
        assertThat(dir.resolve("out.csv")).doesNotExist();
        assertUserError(CLI.run("calibrate-stream", "--bootstrap-servers", "localhost:1", "--initial-calibrator",
                c.toString()), c + ": not a fuzzycal calibrator: unusable calibrator");
    }

    /** 4294967297 and 1.9 used to be read as version 1. */
    @Test
    void aFormatVersionThatIsNotAWholeNumberIsRefused() throws IOException {
        Path big = Files.writeString(dir.resolve("big.json"), temperature("1.5", "4294967297"));
        assertUserError(apply(big), "calibrator format version 4294967297 is not supported");
        Path fraction = Files.writeString(dir.resolve("fraction.json"), temperature("1.5", "1.9"));
        assertUserError(apply(fraction), "calibrator format version 1.9 is not supported");
    }

    @Test
    void aCalibratorWithAByteOrderMarkIsRead() throws IOException {
        Path c = Files.writeString(dir.resolve("bom.json"), "\uFEFF" + temperature("1.5", "1"));
        CliRunner.Result r = apply(c);
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    /** It used to say "Input length = 3". */
    @Test
    void aCalibratorThatIsNotUtf8NamesTheFile() throws IOException {
        Path c = Files.write(dir.resolve("latin1.json"), temperature("1.5", "1").replace("}}", ",\"x\":\"é\"}}")
                .getBytes(StandardCharsets.ISO_8859_1));
        assertUserError(apply(c), c + ": not UTF-8 text");
    }

    /** It used to omit the path. */
    @Test
    void aDirectoryAsCalibratorNamesThePath() throws IOException {
        Path d = Files.createDirectories(dir.resolve("calibrators"));
        assertUserError(apply(d), d + ": is a directory");
    }

    @Test
    void anUnknownMetricsHostIsAUserError() {
        assertUserError(CLI.run("calibrate-stream", "--bootstrap-servers", "localhost:1", "--metrics-host",
                "no-such-host.invalid", "--metrics-port", "0"), "--metrics-host no-such-host.invalid: no such address");
    }

    /** It used to end in OutOfMemoryError with a stack trace. */
    @Test
    void compareBoundsItsOptions() throws IOException {
        Path csv = SyntheticCsv.write(dir.resolve("train.csv"), 50, 1, true, false);
        assertUserError(CLI.run("calibrate", "compare", "--train", csv.toString(), "--test", csv.toString(),
                "--bins", "2000000000"), "--bins must be at most 10000, got 2000000000");
        assertUserError(CLI.run("calibrate", "compare", "--train", csv.toString(), "--test", csv.toString(),
                "--bootstrap", "2000000000"), "--bootstrap must be at most 100000, got 2000000000");
    }

    /** It used to end in NegativeArraySizeException with a stack trace. */
    @Test
    void aCsvWithTooManyClassesIsRefusedBeforeFitting() throws IOException {
        int classes = 70_000;
        StringBuilder csv = new StringBuilder();
        for (int k = 0; k < classes; k++) {
            csv.append("p_").append(k).append(',');
        }
        csv.append("label\n");
        for (int row = 0; row < 2; row++) {
            for (int k = 0; k < classes; k++) {
                csv.append(k == row ? "0.5" : k < 2 ? "0.5" : "0").append(',');
            }
            csv.append(row).append('\n');
        }
        Path wide = Files.writeString(dir.resolve("wide.csv"), csv);
        assertUserError(CLI.run("calibrate", "fit", "--input", wide.toString(), "--method", "dirichlet",
                "--out", dir.resolve("c.json").toString()), wide + ": 70000 classes; fitting and comparing support at most 1000");
    }

    /** Fitting on one row used to give temperature 3.06e6, silently. */
    @Test
    void degenerateFitsAreRefused() throws IOException {
        Path oneRow = Files.writeString(dir.resolve("one.csv"), "p_0,p_1,p_2,label\n0.2,0.3,0.5,2\n");
        assertUserError(CLI.run("calibrate", "fit", "--input", oneRow.toString(), "--method", "temperature",
                "--out", dir.resolve("c.json").toString()), oneRow + ": every row has label 2");
        Path twoRows = Files.writeString(dir.resolve("two.csv"), "p_0,p_1,p_2,label\n0.2,0.3,0.5,2\n0.6,0.3,0.1,0\n");
        CliRunner.Result warned = CLI.run("calibrate", "fit", "--input", twoRows.toString(), "--method", "temperature",
                "--out", dir.resolve("two.json").toString());
        assertThat(warned.exitCode()).as(warned.err()).isZero();
        assertThat(warned.err()).isEqualTo("warning: " + twoRows + " has only 2 labelled rows; a calibrator fitted on fewer"
                + " than 10 mostly follows noise\n");
        StringBuilder single = new StringBuilder("p_0,p_1,p_2,label\n");
        for (int i = 0; i < 30; i++) {
            single.append("0.2,0.3,0.5,1\n");
        }
        Path oneClass = Files.writeString(dir.resolve("single.csv"), single);
        assertUserError(CLI.run("calibrate", "fit", "--input", oneClass.toString(), "--method", "temperature",
                "--out", dir.resolve("c.json").toString()), oneClass + ": every row has label 1; fitting needs at least two classes");
        assertThat(dir.resolve("c.json")).doesNotExist();
    }
}
