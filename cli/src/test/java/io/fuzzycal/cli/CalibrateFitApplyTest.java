package io.fuzzycal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.testkit.CliRunner;
import io.fuzzycal.calibration.CalibratorJson;
import io.fuzzycal.calibration.FittedCalibrator;
import io.fuzzycal.calibration.io.CalibrationCsv;
import io.fuzzycal.calibration.io.CalibrationCsvReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrateFitApplyTest {
    private static final CliRunner CLI = new CliRunner(FuzzycalCommand::commandLine);

    @TempDir
    Path dir;

    @Test
    void fitThenApplyRoundTrip() throws IOException {
        Path cal = SyntheticCsv.write(dir.resolve("cal.csv"), 400, 1, true, false);
        Path fresh = SyntheticCsv.write(dir.resolve("new.csv"), 50, 2, false, true);
        Path json = dir.resolve("calibrator.json");
        Path out = dir.resolve("calibrated.csv");

        CliRunner.Result fit = CLI.run("calibrate", "fit", "--input", cal.toString(), "--method", "fuzzy",
                "--max-epochs", "30", "--out", json.toString());
        assertThat(fit.exitCode()).as(fit.err()).isZero();
        assertThat(fit.out()).startsWith("fuzzy: fitted on 400 rows (3 classes), NLL on the fit data ")
                .contains("; wrote " + json);
        String document = Files.readString(json);
        FittedCalibrator map = CalibratorJson.read(document);
        assertThat(map.method()).isEqualTo("fuzzy");
        Map<String, Object> metadata = CalibratorJson.metadata(document);
        assertThat(metadata).containsEntry("input", "cal.csv").containsEntry("rows", 400)
                .containsEntry("seed", 42).containsEntry("method", "fuzzy").containsKey("fittedAt");

        CliRunner.Result apply = CLI.run("calibrate", "apply", "--calibrator", json.toString(), "--input", fresh.toString(),
                "--out", out.toString());
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        assertThat(apply.err()).isEmpty();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(51);
        assertThat(lines.get(0)).isEqualTo("id,text,p_0,p_1,p_2");
        assertThat(lines.get(1)).startsWith("doc-0,\"tweet, number 0\",");

        CalibrationCsv written = CalibrationCsvReader.read(out);
        CalibrationCsv input = CalibrationCsvReader.read(fresh);
        double[][] expected = map.calibrate(input.data());
        double[][] actual = written.data().probabilities();
        for (int i = 0; i < expected.length; i++) {
            for (int k = 0; k < 3; k++) {
                assertThat(Double.parseDouble(lines.get(i + 1).split(",")[3 + k])).isEqualTo(expected[i][k]);
                assertThat(actual[i][k]).isCloseTo(expected[i][k], org.assertj.core.api.Assertions.within(1e-12));
            }
        }
    }

    @Test
    void applyReportsThatTheGuardRefusedAnInsignificantPrior() throws IOException {
        Path cal = SyntheticCsv.write(dir.resolve("cal.csv"), 300, 3, true, false);
        Path fresh = SyntheticCsv.write(dir.resolve("new.csv"), 200, 4, true, false);
        Path json = dir.resolve("t.json");
        Path out = dir.resolve("out.csv");
        assertThat(CLI.run("calibrate", "fit", "--input", cal.toString(), "--method", "temperature+prior",
                "--out", json.toString()).exitCode()).isZero();

        CliRunner.Result apply = CLI.run("calibrate", "apply", "--calibrator", json.toString(), "--input", fresh.toString(),
                "--out", out.toString());
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        // Both files come from the same generator: no label shift, so the BBSE estimate is not significant.
        assertThat(apply.err()).startsWith("prior correction refused on the 200 rows of " + fresh + ": ")
                .contains("not significant").contains("the base calibrator's output is written");
        assertThat(Files.readAllLines(out).get(0)).isEqualTo("p_0,p_1,p_2,label");
    }

    @Test
    void fitAutoSaysWhatItChoseAndWritesThatMethod() throws IOException {
        Path cal = SyntheticCsv.write(dir.resolve("cal.csv"), 600, 5, true, false);
        Path json = dir.resolve("auto.json");
        CliRunner.Result fit = CLI.run("calibrate", "fit", "--input", cal.toString(), "--method", "auto",
                "--max-epochs", "20", "--out", json.toString());
        assertThat(fit.exitCode()).as(fit.err()).isZero();
        assertThat(fit.out()).startsWith("auto: chose ").contains("fold scores: temperature ");
        String document = Files.readString(json);
        FittedCalibrator map = CalibratorJson.read(document);
        assertThat(fit.out()).contains("auto: chose " + map.method() + " (");
        Map<String, Object> metadata = CalibratorJson.metadata(document);
        assertThat(metadata).containsEntry("method", map.method()).containsKey("autoSelection");
    }

    @Test
    void fitAcceptsLogitsAndAGivenTargetPrior() throws IOException {
        Path cal = Files.writeString(dir.resolve("logits.csv"), "logit_0,logit_1,label\n2,0,0\n0,1,1\n1,0,1\n-1,2,1\n3,0,0\n");
        Path json = dir.resolve("p.json");
        CliRunner.Result fit = CLI.run("calibrate", "fit", "--input", cal.toString(), "--method", "prior",
                "--target-prior", "0.3,0.7", "--out", json.toString());
        assertThat(fit.exitCode()).as(fit.err()).isZero();
        assertThat(fit.out()).startsWith("uncalibrated+prior: fitted on 5 rows (2 classes)");
    }
}
