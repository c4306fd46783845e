package io.fuzzycal.cli.model;

import io.fuzzycal.cli.InvalidInputException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ModelQuantizeCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsTheReportAsATableAndTheSizes() throws Exception {
        Path in = tinyModel();
        Path out = dir.resolve("model.int4.onnx");
        StringWriter console = new StringWriter();
        CommandLine cmd = new CommandLine(new ModelQuantizeCommand());
        cmd.setOut(new PrintWriter(console));
        int exit = cmd.execute("--in", in.toString(), "--out", out.toString(), "--block-size", "32", "--symmetric");

        assertThat(exit).isZero();
        assertThat(out).exists();
        String[] lines = console.toString().split("\\R");
        assertThat(lines[0]).startsWith("node").contains("op", "shape", "block", "FP32 KB", "INT4 KB", "max |err|");
        assertThat(lines[1]).startsWith("proj").contains("MatMulNBits", "256x64", "32", "65.5");
        assertThat(lines[1].indexOf("MatMulNBits")).isEqualTo(lines[0].indexOf("op"));
        assertThat(console.toString()).contains("1 nodes quantized, 0 kept FP32").containsPattern("of FP32\\)");
    }

    @Test
    void invalidOptionsFailWithAClearMessage() {
        assertThatThrownBy(() -> run("--in", tinyModel().toString(), "--out", "x.onnx", "--block-size", "20"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("block size");
        assertThatThrownBy(() -> run("--in", tinyModel().toString(), "--out", "x.onnx", "--accuracy-level", "2"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("accuracy level");
        assertThatThrownBy(() -> run("--in", dir.resolve("missing.onnx").toString(), "--out", "x.onnx"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("missing.onnx");
        assertThatThrownBy(() -> run("--in", tinyModel().toString(), "--out", tinyModel().toString()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("--out must differ");
    }

    private void run(String... args) throws Exception {
        ModelQuantizeCommand command = new ModelQuantizeCommand();
        new CommandLine(command).parseArgs(args);
        command.call();
    }

    private Path tinyModel() throws Exception {
        Random random = new Random(1);
        TensorProto.Builder w = TensorProto.newBuilder().setName("W").setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addDims(256).addDims(64);
        for (int i = 0; i < 256 * 64; i++) {
            w.addFloatData((float) random.nextGaussian() / 10);
        }
        GraphProto graph = GraphProto.newBuilder().setName("g")
                .addNode(NodeProto.newBuilder().setName("proj").setOpType("MatMul").addInput("A").addInput("W").addOutput("Y"))
                .addInitializer(w)
                .build();
        ModelProto model = ModelProto.newBuilder().setIrVersion(8)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17)).setGraph(graph).build();
        Path file = dir.resolve("model.onnx");
        Files.write(file, model.toByteArray());
        return file;
    }
}
