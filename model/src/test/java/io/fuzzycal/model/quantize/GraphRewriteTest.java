package io.fuzzycal.model.quantize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataLocation;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.fuzzycal.model.quantize.TinyModels.Storage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the rewrite touches and what it leaves alone. */
class GraphRewriteTest {
    private static final QuantizeOptions DEFAULTS = QuantizeOptions.defaults();

    @Test
    void aConstantThatAnotherNodeStillReadsIsKept() {
        ModelProto fp32 = withExtraNode(TinyModels.matMul(TinyModels.gaussian(32 * 4, 0.1, 1), 32, 4, Storage.RAW_DATA),
                NodeProto.newBuilder().setName("reads_w").setOpType("Identity").addInput("W").addOutput("W_copy").build());
        ModelProto int4 = Int4Quantizer.quantize(fp32, DEFAULTS).model();
        assertThat(int4.getGraph().getInitializerList()).extracting(TensorProto::getName).contains("W");
        assertThat(int4.getGraph().getNodeList()).extracting(NodeProto::getOpType).containsExactly("MatMulNBits", "Identity");
    }

    @Test
    void twoMatMulsOnOneWeightShareOneQuantizedCopy() {
        ModelProto fp32 = withExtraNode(TinyModels.matMul(TinyModels.gaussian(32 * 4, 0.1, 1), 32, 4, Storage.RAW_DATA),
                NodeProto.newBuilder().setName("second").setOpType("MatMul").addInput("A").addInput("W").addOutput("Y2").build());
        QuantizedModel int4 = Int4Quantizer.quantize(fp32, DEFAULTS);
        GraphProto g = int4.model().getGraph();
        assertThat(g.getInitializerList()).extracting(TensorProto::getName).containsExactly("W_Q4", "W_scales", "W_zero_points");
        assertThat(g.getNode(0).getInputList()).isEqualTo(g.getNode(1).getInputList());
        assertThat(int4.report().nodes()).hasSize(2);
    }

    @Test
    void anInitializerThatIsAlsoAGraphInputIsNotAConstant() {
        ModelProto base = TinyModels.matMul(TinyModels.gaussian(32 * 4, 0.1, 1), 32, 4, Storage.RAW_DATA);
        ModelProto fp32 = base.toBuilder().setGraph(base.getGraph().toBuilder()
                .addInput(TinyModels.value("W", DataType.FLOAT, 32, 4))).build();
        QuantizedModel int4 = Int4Quantizer.quantize(fp32, DEFAULTS);
        assertThat(int4.model().getGraph()).isEqualTo(fp32.getGraph());
        assertThat(int4.model().getOpsetImportList()).isEqualTo(fp32.getOpsetImportList());
        assertThat(int4.report().nodes()).isEmpty();
    }

    @Test
    void gathersThatCannotBePackedAreKeptAndExplained() {
        ModelProto oddRow = TinyModels.gather(TinyModels.gaussian(4 * 33, 0.1, 1), 4, 33, Storage.RAW_DATA);
        QuantizedModel q = Int4Quantizer.quantize(oddRow, DEFAULTS);
        assertThat(q.model().getGraph()).isEqualTo(oddRow.getGraph());
        assertThat(q.report().skipped()).singleElement().satisfies(s -> {
            assertThat(s.nodeName()).isEqualTo("the_gather");
            assertThat(s.reason()).contains("odd");
        });

        ModelProto base = TinyModels.gather(TinyModels.gaussian(4 * 32, 0.1, 1), 4, 32, Storage.RAW_DATA);
        NodeProto alongColumns = base.getGraph().getNode(0).toBuilder().setAttribute(0,
                AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT).setI(1)).build();
        ModelProto axis1 = base.toBuilder().setGraph(base.getGraph().toBuilder().setNode(0, alongColumns)).build();
        assertThat(Int4Quantizer.quantize(axis1, DEFAULTS).report().skipped()).singleElement()
                .satisfies(s -> assertThat(s.reason()).contains("axis 1"));
    }

    @Test
    void aGatherOnAnIntegerConstantIsShapeArithmeticAndNotReported() {
        ModelProto base = TinyModels.gather(TinyModels.gaussian(4 * 32, 0.1, 1), 4, 32, Storage.RAW_DATA);
        TensorProto shape = TensorProto.newBuilder().setName("table").setDataType(DataType.INT64_VALUE).addDims(3)
                .addInt64Data(1).addInt64Data(2).addInt64Data(3).build();
        ModelProto ints = base.toBuilder().setGraph(base.getGraph().toBuilder().setInitializer(0, shape)).build();
        QuantizedModel q = Int4Quantizer.quantize(ints, DEFAULTS);
        assertThat(q.model().getGraph()).isEqualTo(ints.getGraph());
        assertThat(q.report().nodes()).isEmpty();
        assertThat(q.report().skipped()).isEmpty();
    }

    @Test
    void fp16ScalesAreFollowedByACastThatKeepsTheOutputName() {
        ModelProto int4 = Int4Quantizer.quantize(
                TinyModels.gather(TinyModels.gaussian(4 * 32, 0.1, 1), 4, 32, Storage.RAW_DATA), DEFAULTS).model();
        GraphProto g = int4.getGraph();
        assertThat(g.getNodeList()).extracting(NodeProto::getOpType).containsExactly("GatherBlockQuantized", "Cast");
        assertThat(g.getNode(1).getOutputList()).containsExactly("Y");
        assertThat(g.getNode(0).getOutput(0)).isEqualTo(g.getNode(1).getInput(0));
        assertThat(Int4Reference.initializer(int4, g.getNode(0).getInput(2)).getDataType()).isEqualTo(DataType.FLOAT16_VALUE);
    }

    @Test
    void aTableBeyondTheFp16RangeKeepsFloatScalesAndNeedsNoCast() throws Exception {
        float[] table = TinyModels.gaussian(6 * 32, 1e5, 2);
        ModelProto fp32 = TinyModels.gather(table, 6, 32, Storage.RAW_DATA);
        ModelProto int4 = Int4Quantizer.quantize(fp32, DEFAULTS).model();
        assertThat(int4.getGraph().getNodeList()).extracting(NodeProto::getOpType).containsExactly("GatherBlockQuantized");
        long[] indices = {5, 0, 3};
        float[] actual = OrtRunner.runLong(int4, "indices", indices, indices.length);
        float[] reference = Int4Reference.dequantizeGatherBlockQuantized(int4);
        for (int i = 0; i < indices.length; i++) {
            for (int c = 0; c < 32; c++) {
                assertThat(actual[i * 32 + c]).isEqualTo(reference[(int) indices[i] * 32 + c]);
            }
        }
    }

    @Test
    void accuracyLevel4RunsAndStaysCloseToTheFloatCompute() throws Exception {
        int k = 96;
        int n = 16;
        ModelProto fp32 = TinyModels.matMul(TinyModels.gaussian(k * n, 0.05, 9), k, n, Storage.RAW_DATA);
        float[] a = TinyModels.gaussian(3 * k, 1, 4);
        float[] level0 = OrtRunner.runFloat(Int4Quantizer.quantize(fp32, DEFAULTS).model(), "A", a, 3, k);
        ModelProto int8Compute = Int4Quantizer.quantize(fp32, DEFAULTS.withAccuracyLevel(4)).model();
        assertThat(Int4Reference.attribute(Int4Reference.node(int8Compute, "MatMulNBits"), "accuracy_level")).isEqualTo(4);
        float[] level4 = OrtRunner.runFloat(int8Compute, "A", a, 3, k);
        double scale = 0;
        for (float v : level0) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < level0.length; i++) {
            // int8 activations: about 1/127 of the largest |a| per block, summed over K.
            assertThat((double) Math.abs(level4[i] - level0[i])).isLessThan(0.03 * scale);
        }
    }

    @Test
    void externalDataIsRefusedWithAClearMessage() {
        ModelProto base = TinyModels.matMul(TinyModels.gaussian(32 * 4, 0.1, 1), 32, 4, Storage.RAW_DATA);
        TensorProto external = base.getGraph().getInitializer(0).toBuilder().clearRawData()
                .setDataLocation(DataLocation.EXTERNAL)
                .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("weights.bin")).build();
        ModelProto fp32 = base.toBuilder().setGraph(base.getGraph().toBuilder().setInitializer(0, external)).build();
        assertThatThrownBy(() -> Int4Quantizer.quantize(fp32, DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'W'").hasMessageContaining("external file");
    }

    @Test
    void quantizesFilesAndReportsTheirSizes(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("model.onnx");
        Path out = dir.resolve("sub/model.int4.onnx");
        Files.write(in, TinyModels.matMul(TinyModels.gaussian(256 * 64, 0.1, 1), 256, 64, Storage.RAW_DATA).toByteArray());
        QuantizeReport report = Int4Quantizer.quantize(in, out, DEFAULTS);
        assertThat(report.inputBytes()).isEqualTo(Files.size(in));
        assertThat(report.outputBytes()).isEqualTo(Files.size(out));
        assertThat(report.sizeRatio()).isLessThan(0.25);
        assertThat(Int4Quantizer.read(out).getGraph().getNode(0).getOpType()).isEqualTo("MatMulNBits");
        try (var files = Files.list(out.getParent())) {
            assertThat(files).containsExactly(out); // no partial file left behind
        }
    }

    @Test
    void aFileThatIsNotOnnxFailsWithItsName(@TempDir Path dir) throws Exception {
        Path in = Files.writeString(dir.resolve("notes.onnx"), "not a model at all");
        assertThatThrownBy(() -> Int4Quantizer.quantize(in, dir.resolve("out.onnx"), DEFAULTS))
                .hasMessageContaining("notes.onnx");
    }

    @Test
    void invalidOptionsNameTheOption() {
        assertThatThrownBy(() -> DEFAULTS.withBlockSize(24)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("block size").hasMessageContaining("24");
        assertThatThrownBy(() -> DEFAULTS.withEmbeddingBlockSize(8)).hasMessageContaining("embedding block size");
        assertThatThrownBy(() -> DEFAULTS.withAccuracyLevel(2)).hasMessageContaining("accuracy level");
    }

    private static ModelProto withExtraNode(ModelProto model, NodeProto node) {
        GraphProto.Builder g = model.getGraph().toBuilder().addNode(node);
        g.addOutput(TinyModels.value(node.getOutput(0), DataType.FLOAT, -1, 4));
        return model.toBuilder().setGraph(g).build();
    }
}
