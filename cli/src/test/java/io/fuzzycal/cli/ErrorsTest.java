package io.fuzzycal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import io.fuzzycal.model.TestBundles;

import io.fuzzycal.testkit.CliRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErrorsTest {
    private static final CliRunner CLI = new CliRunner(FuzzycalCommand::commandLine);

    @TempDir
    Path dir;

    private static void assertUserError(CliRunner.Result r, String message) {
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("fuzzycal: error: " + message).doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void badCsvNamesTheLine() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.csv"), "p_0,p_1,label\n0.5,0.5,0\n0.5,zero,1\n");
        CliRunner.Result r = CLI.run("calibrate", "fit", "--input", bad.toString(), "--out", dir.resolve("c.json").toString());
        assertUserError(r, bad + ":3: p_1 is not a number: 'zero'");
        assertThat(r.err().lines()).hasSize(1);
    }

    @Test
    void labelOutOfRangeInCompareNamesTheLine() throws IOException {
        Path good = SyntheticCsv.write(dir.resolve("train.csv"), 50, 1, true, false);
        Path bad = Files.writeString(dir.resolve("test.csv"), "p_0,p_1,p_2,label\n0.2,0.3,0.5,1\n\n0.2,0.3,0.5,3\n");
        CliRunner.Result r = CLI.run("calibrate", "compare", "--train", good.toString(), "--test", bad.toString());
        assertUserError(r, bad + ":4: label 3 is out of range 0..2");
    }

    @Test
    void unknownMethod() throws IOException {
        Path good = SyntheticCsv.write(dir.resolve("train.csv"), 50, 1, true, false);
        assertUserError(CLI.run("calibrate", "fit", "--input", good.toString(), "--method", "platt",
                "--out", dir.resolve("c.json").toString()), "unknown calibration method 'platt'");
        assertUserError(CLI.run("calibrate", "compare", "--train", good.toString(), "--test", good.toString(),
                "--methods", "temperature,platt"), "unknown calibration method 'platt'");
    }

    @Test
    void missingInputFile() {
        Path absent = dir.resolve("absent.csv");
        assertUserError(CLI.run("calibrate", "fit", "--input", absent.toString(), "--out", dir.resolve("c.json").toString()),
                absent + ": no such file or directory");
    }

    @Test
    void fitNeedsLabels() throws IOException {
        Path unlabelled = SyntheticCsv.write(dir.resolve("u.csv"), 20, 1, false, false);
        assertUserError(CLI.run("calibrate", "fit", "--input", unlabelled.toString(), "--out", dir.resolve("c.json").toString()),
                unlabelled + ": no labels");
    }

    @Test
    void badCalibratorJson() throws IOException {
        Path json = Files.writeString(dir.resolve("c.json"), "{\"format\": \"something-else\"}");
        Path input = SyntheticCsv.write(dir.resolve("in.csv"), 5, 1, false, false);
        assertUserError(CLI.run("calibrate", "apply", "--calibrator", json.toString(), "--input", input.toString(),
                "--out", dir.resolve("o.csv").toString()), json + ": not a calibrator JSON document");
    }

    @Test
    void classCountMismatchOnApply() throws IOException {
        Path cal = SyntheticCsv.write(dir.resolve("cal.csv"), 50, 1, true, false);
        Path json = dir.resolve("c.json");
        assertThat(CLI.run("calibrate", "fit", "--input", cal.toString(), "--method", "temperature",
                "--out", json.toString()).exitCode()).isZero();
        Path two = Files.writeString(dir.resolve("two.csv"), "p_0,p_1\n0.5,0.5\n");
        assertUserError(CLI.run("calibrate", "apply", "--calibrator", json.toString(), "--input", two.toString(),
                "--out", dir.resolve("o.csv").toString()), two + ": has 2 classes but " + json + " was fitted on 3");
    }

    @Test
    void badOptionValues() throws IOException {
        Path good = SyntheticCsv.write(dir.resolve("train.csv"), 50, 1, true, false);
        assertUserError(CLI.run("calibrate", "fit", "--input", good.toString(), "--target-prior", "lots",
                "--out", dir.resolve("c.json").toString()), "target prior must be");
        assertUserError(CLI.run("calibrate", "compare", "--train", good.toString(), "--test", good.toString(),
                "--bins", "0"), "bins must be at least 1");
    }

    @Test
    void usageErrorsExitTwoWithAHint() {
        CliRunner.Result r = CLI.run("calibrate", "fit", "--inptu", "x.csv");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("fuzzycal: error: ").contains("Try 'fuzzycal calibrate fit --help'");
        assertThat(CLI.run("calibrate", "fit", "--input", "x.csv", "--out", "y.json", "--seed", "many").exitCode())
                .isEqualTo(2);
    }

    @Test
    void commandGroupsWithoutASubcommandExitTwo() {
        assertThat(CLI.run().exitCode()).isEqualTo(2);
        CliRunner.Result r = CLI.run("calibrate");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("missing subcommand: fit, apply or compare");
    }

    @Test
    void inferenceOnCudaWithoutTheCudaBuildFailsInOneLine() {
        CliRunner.Result r = CLI.run("inference", "--device", "cuda", "--bundle",
                TestBundles.defaultBundle().directory().toString(), "--bootstrap-servers", "localhost:1", "--metrics-port", "0");
        // about a machine without CUDA (the command has loaded ONNX Runtime on its large stack by now)
        assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA), "this ONNX Runtime has CUDA");
        assertUserError(r, "CUDA execution provider unavailable: ");
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).contains("; build with -Pcuda on a machine with an NVIDIA GPU, or use --device cpu");
    }

    @Test
    void calibrateStreamRefusesBadSettingsBeforeConnecting() throws IOException {
        assertUserError(CLI.run("calibrate-stream", "--bootstrap-servers", "localhost:1", "--method", "platt"),
                "unknown calibration method 'platt'");
        assertUserError(CLI.run("calibrate-stream", "--bootstrap-servers", "localhost:1", "--label-delay", "soon"),
                "label.delay: 'soon' is not a duration");
        assertUserError(CLI.run("calibrate-stream", "--bootstrap-servers", "localhost:1", "--window-size", "1"),
                "window size must be at least 2");
        Path notACalibrator = Files.writeString(dir.resolve("c.json"), "{\"format\": \"something-else\"}");
        assertUserError(CLI.run("calibrate-stream", "--bootstrap-servers", "localhost:1", "--initial-calibrator",
                notACalibrator.toString()), notACalibrator + ": not a fuzzycal calibrator");
        assertUserError(CLI.run("calibrate-stream", "--method", "fuzzy"), "missing --bootstrap-servers");
    }
}
