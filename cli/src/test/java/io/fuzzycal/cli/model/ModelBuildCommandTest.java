package io.fuzzycal.cli.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.model.ModelBundle;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ModelBuildCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(ModelBuildCommand command, String... args) {
        return new CommandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    }

    @Test
    void helpListsTheOptions() {
        assertThat(run(new ModelBuildCommand(), "--help")).isZero();
        assertThat(out.toString()).contains("--out=DIR", "--retrain", "--data=DIR", "--threads=N", "committed head");
    }

    @Test
    void buildsTheBundleFromTheCommittedHead(@TempDir Path dir) throws Exception {
        Path bundle = dir.resolve("bundle");
        int code = run(new ModelBuildCommand(),
                "--out", bundle.toString(), "--data", dir.resolve("no-data").toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(ModelBundle.load(bundle).labels()).containsExactly("Bearish", "Bullish", "Neutral");
        assertThat(out.toString()).contains("bundle: " + bundle.toAbsolutePath(), "model.int4.onnx", "skipping the validation report");
        assertThat(err.toString()).contains("default model ready");
        // The INT4 twin comes from the project's quantizer: at most 20% of the FP32 file.
        assertThat(Files.size(bundle.resolve("model.int4.onnx"))).isLessThanOrEqualTo(Files.size(bundle.resolve("model.onnx")) / 5);
    }

    @Test
    void retrainingWithoutTheDataFailsInOneLineBeforeDoingAnyWork(@TempDir Path dir) {
        int code = run(new ModelBuildCommand(), "--out", dir.resolve("b").toString(), "--retrain",
                "--data", dir.resolve("missing").toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("model build: ").contains("train.csv");
        assertThat(dir.resolve("b")).doesNotExist();
    }
}
