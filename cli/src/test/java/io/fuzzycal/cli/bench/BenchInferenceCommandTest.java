package io.fuzzycal.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.model.TestBundles;
import io.fuzzycal.cli.FuzzycalCommand;
import io.fuzzycal.testkit.CliRunner;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The report's structure on a tiny run; speed targets live in docs/benchmarks.md, not here. */
class BenchInferenceCommandTest {
    private static final CliRunner CLI = new CliRunner(FuzzycalCommand::commandLine);


    @Test
    void printsOneAlignedRowPerModelAndBatchSizeThenSizesAndTargets() throws Exception {
        CliRunner.Result r = CLI.run("bench", "inference", "--bundle", TestBundles.defaultBundle().directory().toString(),
                "--texts", "16", "--batch-sizes", "1,8", "--repeat", "1");
        assertThat(r.exitCode()).as(r.err()).isZero();

        List<String> lines = Arrays.asList(r.out().split("\\R"));
        assertThat(lines.get(1)).startsWith("texts: first 16 of the financial tweets' validation split")
                .contains("2 intra-op threads", "best of 1 timed pass (one per round) after one warm-up");

        int header = lines.indexOf("sentences/s") + 1;
        String head = lines.get(header);
        assertThat(head).matches("model +batch +arrival s/s +length-grouped s/s +grouped/arrival +grouped vs FP32");
        List<String> rows = lines.subList(header + 1, header + 7);
        Pattern row = Pattern.compile("(FP32|INT4 L0|INT4 L4) +(1|8) +\\d+\\.\\d +\\d+\\.\\d +\\d+\\.\\d\\dx +\\d+\\.\\d\\dx");
        assertThat(rows).allSatisfy(line -> assertThat(line).matches(row));
        assertThat(rows).extracting(line -> {
            Matcher m = row.matcher(line);
            return m.matches() ? m.group(1) + "/" + m.group(2) : line;
        }).containsExactly("FP32/1", "FP32/8", "INT4 L0/1", "INT4 L0/8", "INT4 L4/1", "INT4 L4/8");
        for (String line : rows) { // right-aligned under their headers
            assertThat(line).hasSameSizeAs(head);
            assertThat(line.charAt(head.indexOf("batch") + "batch".length() - 1)).isIn('1', '8');
        }
        assertThat(rows.get(0)).endsWith("1.00x"); // FP32 against itself
        assertThat(lines.get(header + 7)).startsWith("L0/L4: MatMulNBits accuracy level 0");

        int sizes = lines.indexOf("model files") + 1;
        assertThat(lines.get(sizes)).matches("model +file +MB +% of FP32 +source");
        assertThat(lines.get(sizes + 1)).matches("FP32 +model\\.onnx +\\d+\\.\\d +100\\.0 +bundle");
        assertThat(lines.get(sizes + 2)).matches("INT4 L0 +model\\.int4\\.onnx +\\d+\\.\\d +\\d+\\.\\d +bundle");
        assertThat(lines.get(sizes + 3)).matches("INT4 L4 +model\\.int4\\.onnx +\\d+\\.\\d +\\d+\\.\\d +quantized for this run.*");

        assertThat(r.out()).contains("length-grouped batch 32 >= 1.5x arrival-order batch 32: not measured")
                .containsPattern("INT4 file <= 20% of FP32: INT4 L0 \\d+\\.\\d% \\((met|NOT met)\\), INT4 L4")
                .contains("fuzzycal bench memory");

        // progress on stderr, one line per configuration; the temporary level-4 bundle is gone afterwards
        assertThat(r.err()).contains("bench: FP32 batch 1 arrival", "bench: INT4 L4 batch 8 length-grouped");
        Matcher temp = Pattern.compile("accuracy level 4 into (\\S+)/int4-level-4/model\\.int4\\.onnx").matcher(r.err());
        assertThat(temp.find()).as(r.err()).isTrue();
        assertThat(Path.of(temp.group(1))).doesNotExist();
    }

    @Test
    void badOptionsAreUsageErrors() throws Exception {
        CliRunner.Result r = CLI.run("bench", "inference", "--repeat", "0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--repeat must be >= 1");

        r = CLI.run("bench", "inference", "--accuracy-levels", "0,2");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--accuracy-levels", "got 2");

        r = CLI.run("bench", "inference", "--bundle", TestBundles.defaultBundle().directory().toString(), "--batch-sizes", "0");
        assertThat(r.exitCode()).isEqualTo(2);

        r = CLI.run("bench");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("missing subcommand: inference, memory, kafka, calibrate-stream, monitor");
    }
}
