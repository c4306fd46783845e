package io.fuzzycal.cli.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.inference.ModelBundle;
import io.fuzzycal.inference.ModelQuantizer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ModelBuildCommandTest {

    /** TEST ONLY: the INT4 quantizer is another piece of work; a copy of the FP32 file stands in for it. */
    private static final ModelQuantizer FP32_COPY_AS_INT4_STAND_IN =
            (fp32, int4) -> Files.copy(fp32, int4, StandardCopyOption.REPLACE_EXISTING);

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
        int code = run(new ModelBuildCommand(() -> FP32_COPY_AS_INT4_STAND_IN),
                "--out", bundle.toString(), "--data", dir.resolve("no-data").toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(ModelBundle.load(bundle).labels()).containsExactly("Bearish", "Bullish", "Neutral");
        assertThat(out.toString()).contains("bundle: " + bundle.toAbsolutePath(), "model.int4.onnx", "skipping the validation report");
        assertThat(err.toString()).contains("default model ready");
    }

    @Test
    void withoutAQuantizerItFailsInOneLineBeforeDoingAnyWork(@TempDir Path dir) {
        int code = run(new ModelBuildCommand(), "--out", dir.resolve("b").toString(), "--retrain");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("model build: no INT4 quantizer is installed");
        assertThat(dir.resolve("b")).doesNotExist();
    }
}
