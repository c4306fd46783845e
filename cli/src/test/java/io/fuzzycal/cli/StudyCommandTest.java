package io.fuzzycal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.model.TestBundles;
import io.fuzzycal.testkit.CliRunner;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fuzzycal.calibration.CalibratorJson;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fuzzycal study} end to end on a slice of the real tweets, with a real ONNX bundle and its
 * INT4 twin from the project's quantizer. The bundle's head is the committed one with its logits
 * tripled: the same encoder and data, but a model that is clearly over-confident, so that the
 * study has calibration error to remove (the default head is already close to calibrated, and on a
 * few hundred texts its ECE differences are within noise).
 */
class StudyCommandTest {
    private static final CliRunner CLI = new CliRunner(FuzzycalCommand::commandLine);

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> METHODS = List.of("uncalibrated", "prior", "temperature", "temperature+prior",
            "affine", "affine+prior", "dirichlet", "dirichlet+prior", "fuzzy", "fuzzy+prior");

    @TempDir
    static Path work;
    private static Path bundle;
    private static Path slice;

    @BeforeAll
    static void overconfidentBundleAndASlice() throws IOException {
        bundle = TestBundles.overconfidentBundle(work.resolve("bundle")).directory();
        slice = work.resolve("slice.csv");
        try (Reader in = Files.newBufferedReader(ROOT.resolve("data/tfns/valid.csv"));
             Writer out = Files.newBufferedWriter(slice);
             CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT)) {
            printer.printRecord("text", "label");
            int n = 0;
            for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
                if (n++ == 600) {
                    break;
                }
                printer.printRecord(r.get("text"), r.get("label"));
            }
        }
    }

    @Test
    void printsTheResearchTableAndWritesTheReport() throws IOException {
        Path out = work.resolve("out");
        CliRunner.Result r = CLI.run("study", "--bundle", bundle.toString(), "--data", slice.toString(), "--seeds", "42",
                "--max-epochs", "60", "--bootstrap", "100", "--splits", "2", "--split-methods", "temperature,dirichlet,fuzzy",
                "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();

        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).startsWith("method").contains("ECE (FP32)", "ECE (INT4)", "acc (INT4)", "delta %");
        assertThat(lines.subList(1, 1 + METHODS.size())).extracting(l -> l.split("\\s+")[0]).containsExactlyElementsOf(METHODS);
        assertThat(r.out()).contains("FP32/INT4 argmax agreement");

        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(json.path("rows").asInt()).isEqualTo(600);
        JsonNode results = json.path("runs").get(0).path("results");
        double rawFp32 = ece(results, "uncalibrated", "fp32");
        double fuzzyFp32 = ece(results, "fuzzy", "fp32");
        assertThat(fuzzyFp32).as("fuzzy vs uncalibrated ECE on the FP32 test half").isLessThan(rawFp32);
        assertThat(ece(results, "fuzzy", "int4")).as("the FP32 calibrator transfers to INT4").isLessThan(ece(results, "uncalibrated", "int4"));

        // each method's calibrator, ready for calibrate-stream --initial-calibrator; the file's FP32 test ECE is the
        // one in results.json
        assertThat(results.get(0).has("calibrator")).as("results.json carries scores, not maps").isFalse();
        assertThat(r.out()).contains("calibrators: " + out.resolve("calibrators"));
        try (var files = Files.list(out.resolve("calibrators"))) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted().toList())
                    .containsExactly("affine.json", "dirichlet.json", "fuzzy.json", "temperature.json");
        }
        String fuzzyJson = Files.readString(out.resolve("calibrators").resolve("fuzzy.json"));
        assertThat(CalibratorJson.read(fuzzyJson).method()).isEqualTo("fuzzy");
        JsonNode metadata = new ObjectMapper().readTree(fuzzyJson).path("metadata");
        assertThat(metadata.path("seed").asLong()).isEqualTo(42);
        assertThat(metadata.path("testEce").path("FP32").asDouble()).isEqualTo(fuzzyFp32);

        String report = Files.readString(out.resolve("report.md"));
        assertThat(report).contains("## Results", "## Significance", "| fuzzy+prior |");
        for (String m : METHODS) {
            assertThat(out.resolve(StudyReport.diagramFile(m, "fp32"))).isNotEmptyFile();
            assertThat(out.resolve(StudyReport.diagramFile(m, "int4"))).isNotEmptyFile();
        }

        // A second run on the same model and data reuses the extracted probabilities.
        CliRunner.Result again = CLI.run("study", "--bundle", bundle.toString(), "--data", slice.toString(), "--seeds", "42",
                "--max-epochs", "60", "--bootstrap", "0", "--splits", "0", "--out", out.toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.err()).contains("using cached probabilities");
    }

    /** The committed probabilities of the docs' study run: no model needed. */
    private static String[] loaded(Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("study",
                "--load-fp32-probs", ROOT.resolve("docs/study/probs/fp32.csv").toString(),
                "--load-int4-probs", ROOT.resolve("docs/study/probs/int4.csv").toString(),
                "--seeds", "42", "--bootstrap", "0", "--max-epochs", "20", "--out", out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void pairedSplitsReportDifferencesWinsAndALearningCurve() throws IOException {
        Path out = work.resolve("splits");
        CliRunner.Result r = CLI.run(loaded(out, "--splits", "3", "--calibration-size", "200,all",
                "--split-methods", "temperature,dirichlet,fuzzy,auto,temperature+prior"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Paired over 3 splits, all (").contains("- dirichlet FP32");
        String report = Files.readString(out.resolve("report.md"));
        assertThat(report).contains("## Paired splits (3 stratified half splits", "### 200 calibration rows",
                "| fuzzy | ", "/3)", "`auto` chose:", "## Learning curve", "| temperature+prior | ", "## Prior guard");
        assertThat(out.resolve("learning-curve-fp32.png")).isNotEmptyFile();
        assertThat(out.resolve("learning-curve-int4.png")).isNotEmptyFile();

        JsonNode paired = new ObjectMapper().readTree(out.resolve("results.json").toFile()).path("pairedSplits");
        assertThat(paired.path("splits").asInt()).isEqualTo(3);
        JsonNode sizes = paired.path("sizes");
        assertThat(sizes).hasSize(2);
        assertThat(sizes.get(0).path("calibrationRows").asInt()).isEqualTo(200);
        JsonNode fuzzy = sizes.get(1).path("methods").get(2);
        assertThat(fuzzy.path("method").asText()).isEqualTo("fuzzy");
        assertThat(fuzzy.path("eceFp32")).hasSize(3);
    }

    @Test
    void supervisedPriorHoldsLabelledRowsApartAndBadSizesFailWithOneLine() throws IOException {
        CliRunner.Result r = CLI.run(loaded(work.resolve("sup"), "--splits", "2", "--target-prior", "supervised",
                "--supervised-rows", "80", "--split-methods", "temperature,temperature+prior"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode size = new ObjectMapper().readTree(work.resolve("sup").resolve("results.json").toFile())
                .path("pairedSplits").path("sizes").get(0);
        assertThat(size.path("testRows").asInt() + size.path("calibrationRows").asInt()).isEqualTo(2388 - 80);

        CliRunner.Result bad = CLI.run(loaded(work.resolve("bad"), "--calibration-size", "lots"));
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--calibration-size takes row counts or 'all'");
    }

    @Test
    void loadedProbabilitiesNeedBothVariants() {
        CliRunner.Result r = CLI.run("study", "--load-fp32-probs", "x.csv", "--out", work.resolve("o2").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--load-fp32-probs and --load-int4-probs go together");
    }

    private static double ece(JsonNode results, String method, String variant) {
        for (JsonNode t : results) {
            if (t.path("method").asText().equals(method)) {
                return t.path(variant).path("metrics").path("ece").asDouble();
            }
        }
        throw new AssertionError("no result for " + method);
    }
}
