package io.fuzzycal.model;

import static io.fuzzycal.model.OnnxNodes.node;
import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A graph without a {@code token_type_ids} input (as DistilBERT or RoBERTa exports have) loads and runs. */
class TokenTypeIdsOptionalTest {

    @Test
    void aGraphWithoutTokenTypeIdsGivesTheSameLogits(@TempDir Path dir) throws Exception {
        ModelBundle original = TestBundles.defaultBundle();
        ModelProto withoutTokenTypes = dropTokenTypeInput(OnnxModelFile.read(original.modelFile(Precision.FP32)));
        OnnxModelFile.write(withoutTokenTypes, dir.resolve(Precision.FP32.fileName()));
        ModelQuantizer.installed().quantize(dir.resolve(Precision.FP32.fileName()), dir.resolve(Precision.INT4.fileName()));
        Files.copy(original.tokenizerFile(), dir.resolve(ModelBundle.TOKENIZER_FILE));
        Files.copy(original.configFile(), dir.resolve(ModelBundle.CONFIG_FILE));

        List<String> texts = InferenceEngineTest.sampleTexts(20);
        EngineOptions options = EngineOptions.defaults().withVariants(Precision.FP32).withIntraOpThreads(2);
        try (InferenceEngine withTypes = InferenceEngine.open(original, options);
                InferenceEngine without = InferenceEngine.open(ModelBundle.load(dir), options)) {
            List<ModelOutput> a = withTypes.classify(Precision.FP32, texts);
            List<ModelOutput> b = without.classify(Precision.FP32, texts);
            for (int i = 0; i < texts.size(); i++) {
                InferenceEngineTest.assertLogitsClose(a.get(i), b.get(i), 1e-5);
            }
        }
    }

    /** Replaces the input by zeros of the shape of input_ids, computed inside the graph. */
    private static ModelProto dropTokenTypeInput(ModelProto model) {
        GraphProto graph = model.getGraph();
        GraphProto.Builder g = graph.toBuilder().clearInput();
        graph.getInputList().stream().filter(i -> !i.getName().equals(GraphRunner.TOKEN_TYPE_IDS)).forEach(g::addInput);
        TensorProto zero = TensorProto.newBuilder().setDataType(TensorProto.DataType.INT64.getNumber()).addDims(1)
                .addInt64Data(0).build();
        AttributeProto value = AttributeProto.newBuilder().setName("value").setType(AttributeProto.AttributeType.TENSOR)
                .setT(zero).build();
        g.addNode(0, node("ConstantOfShape", "/test/zeros", List.of("/test/shape"), GraphRunner.TOKEN_TYPE_IDS, value));
        g.addNode(0, node("Shape", "/test/Shape", List.of(GraphRunner.INPUT_IDS), "/test/shape"));
        assertThat(g.getInputList()).extracting(i -> i.getName()).doesNotContain(GraphRunner.TOKEN_TYPE_IDS);
        return model.toBuilder().setGraph(g).build();
    }
}
