package io.fuzzycal.model;

import static io.fuzzycal.model.OnnxNodes.fixed;
import static io.fuzzycal.model.OnnxNodes.floatTensor;
import static io.fuzzycal.model.OnnxNodes.floatValueInfo;
import static io.fuzzycal.model.OnnxNodes.intAttribute;
import static io.fuzzycal.model.OnnxNodes.intsAttribute;
import static io.fuzzycal.model.OnnxNodes.node;
import static io.fuzzycal.model.OnnxNodes.symbolic;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.List;

/**
 * Appends the sentence-transformers pooling of all-MiniLM-L6-v2 to an encoder graph: the mean of the
 * token vectors where {@code attention_mask} is 1 (so padding never changes a text's embedding),
 * then L2 normalisation, as that model's own pipeline does. Normalising measured +1 point of
 * validation accuracy for the linear head (77.5% → 78.4% on the tweets). The encoder's token-level
 * output is dropped; the graph's only output becomes {@code pooled} [batch, hidden].
 *
 * <p>Uses only operators whose form is the same from opset 11 to 12 (Unsqueeze and ReduceSum take
 * {@code axes} as attributes before opset 13), matching the all-MiniLM-L6-v2 export.
 */
final class SentencePooling {
    static final String OUTPUT = "pooled";
    static final String TOKEN_OUTPUT = "last_hidden_state";
    private static final int MAX_OPSET = 12;

    private SentencePooling() {
    }

    static ModelProto appendTo(ModelProto encoder) {
        requireOpsetBelow13(encoder);
        GraphProto graph = encoder.getGraph();
        ValueInfoProto tokens = graph.getOutputList().stream().filter(o -> o.getName().equals(TOKEN_OUTPUT)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the encoder graph has no output '" + TOKEN_OUTPUT + "'"));
        List<TensorShapeProto.Dimension> dims = tokens.getType().getTensorType().getShape().getDimList();
        if (dims.size() != 3 || !dims.get(2).hasDimValue()) {
            throw new IllegalArgumentException("'" + TOKEN_OUTPUT + "' must be [batch, seq, hidden] with a fixed hidden size");
        }
        long hidden = dims.get(2).getDimValue();
        String batch = dims.get(0).hasDimParam() ? dims.get(0).getDimParam() : "batch_size";

        GraphProto.Builder g = graph.toBuilder().clearOutput();
        g.addInitializer(floatTensor("/pooling/min_count", new long[0], new float[] {1e-9f}));
        g.addNode(node("Cast", "/pooling/Cast", List.of(GraphRunner.ATTENTION_MASK), "/pooling/mask",
                intAttribute("to", TensorProto.DataType.FLOAT.getNumber())));
        g.addNode(node("Unsqueeze", "/pooling/Unsqueeze", List.of("/pooling/mask"), "/pooling/mask3", intsAttribute("axes", 2)));
        g.addNode(node("Mul", "/pooling/Mul", List.of(TOKEN_OUTPUT, "/pooling/mask3"), "/pooling/masked"));
        g.addNode(node("ReduceSum", "/pooling/ReduceSum", List.of("/pooling/masked"), "/pooling/sum",
                intsAttribute("axes", 1), intAttribute("keepdims", 0)));
        g.addNode(node("ReduceSum", "/pooling/ReduceSum_count", List.of("/pooling/mask3"), "/pooling/count",
                intsAttribute("axes", 1), intAttribute("keepdims", 0)));
        // an all-zero mask would divide by zero; the clamp gives a zero vector instead, like sentence-transformers
        g.addNode(node("Max", "/pooling/Clamp", List.of("/pooling/count", "/pooling/min_count"), "/pooling/count_clamped"));
        g.addNode(node("Div", "/pooling/Div", List.of("/pooling/sum", "/pooling/count_clamped"), "/pooling/mean"));
        g.addInitializer(floatTensor("/pooling/min_norm", new long[0], new float[] {1e-12f}));
        g.addNode(node("ReduceL2", "/pooling/ReduceL2", List.of("/pooling/mean"), "/pooling/norm",
                intsAttribute("axes", 1), intAttribute("keepdims", 1)));
        g.addNode(node("Max", "/pooling/Clamp_norm", List.of("/pooling/norm", "/pooling/min_norm"), "/pooling/norm_clamped"));
        g.addNode(node("Div", "/pooling/Normalize", List.of("/pooling/mean", "/pooling/norm_clamped"), OUTPUT));
        g.addOutput(floatValueInfo(OUTPUT, symbolic(batch), fixed(hidden)));
        return encoder.toBuilder().setGraph(g).build();
    }

    /** The width of the pooled vector of a graph made by {@link #appendTo}. */
    static long width(ModelProto pooled) {
        return pooled.getGraph().getOutputList().stream().filter(o -> o.getName().equals(OUTPUT)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the graph has no output '" + OUTPUT + "'"))
                .getType().getTensorType().getShape().getDim(1).getDimValue();
    }

    private static void requireOpsetBelow13(ModelProto model) {
        long opset = model.getOpsetImportList().stream().filter(o -> o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx"))
                .mapToLong(o -> o.getVersion()).max().orElse(0);
        if (opset > MAX_OPSET) {
            throw new IllegalArgumentException("the encoder uses opset " + opset + "; the pooling is written for opset ≤ "
                    + MAX_OPSET + " (Unsqueeze/ReduceSum axes as attributes)");
        }
    }
}
