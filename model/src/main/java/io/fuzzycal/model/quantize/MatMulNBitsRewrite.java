package io.fuzzycal.model.quantize;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * MatMul(A, constant B[K, N]) → com.microsoft MatMulNBits(A, B4, scales[, zero_points]): B is
 * transposed so that blocks run along K, each of the N rows padded to whole blocks.
 */
final class MatMulNBitsRewrite {
    static final String OP = "MatMulNBits";

    private final GraphIndex graph;
    private final QuantizeOptions options;
    private final Map<String, QuantizedWeight> done = new HashMap<>();

    MatMulNBitsRewrite(GraphIndex graph, QuantizeOptions options) {
        this.graph = graph;
        this.options = options;
    }

    /** Null when the node is not a MatMul on a constant weight. */
    NodeRewrite rewrite(NodeProto node) {
        if (!Nodes.isStandardOp(node, "MatMul") || node.getInputCount() != 2) {
            return null;
        }
        TensorProto weight = graph.constant(node.getInput(1)).orElse(null);
        if (weight == null) {
            return null;
        }
        if (weight.getDataType() != DataType.FLOAT_VALUE) {
            return kept(node, "weight is " + DataType.forNumber(weight.getDataType()) + "; only FLOAT weights are quantized");
        }
        if (weight.getDimsCount() != 2) {
            return kept(node, "weight has rank " + weight.getDimsCount() + "; MatMulNBits takes a 2-D [K, N] weight");
        }
        if (Tensors.elementCount(weight) == 0) {
            return kept(node, "weight is empty");
        }
        boolean first = !done.containsKey(weight.getName());
        QuantizedWeight q = done.computeIfAbsent(weight.getName(), name -> quantize(weight));
        NodeProto.Builder replacement = NodeProto.newBuilder()
                .setName(node.getName().isEmpty() ? graph.fresh(OP) : node.getName())
                .setOpType(OP).setDomain(Nodes.MS_DOMAIN)
                .addInput(node.getInput(0)).addAllInput(q.inputs).addAllOutput(node.getOutputList())
                .addAttribute(Nodes.intAttribute("K", q.k)).addAttribute(Nodes.intAttribute("N", q.n))
                .addAttribute(Nodes.intAttribute("bits", 4))
                .addAttribute(Nodes.intAttribute("block_size", options.blockSize()))
                .addAttribute(Nodes.intAttribute("accuracy_level", options.accuracyLevel()));
        NodeReport report = new NodeReport(Nodes.label(node), OP, weight.getDimsList(), options.blockSize(),
                4L * q.k * q.n, q.blocks.storedBytes(), q.blocks.maxAbsError());
        return new NodeRewrite.Replaced(List.of(replacement.build()), first ? q.tensors : List.of(),
                weight.getName(), report);
    }

    private QuantizedWeight quantize(TensorProto weight) {
        long k = weight.getDims(0);
        long n = weight.getDims(1);
        float[] kn = Tensors.floats(weight);
        float[] nk = transpose(kn, (int) k, (int) n);
        int block = options.blockSize();
        int blocks = Int4Blocks.ceilDiv((int) k, block);
        Int4Blocks q = new BlockQuantizer(block, options.symmetric(), ScalePrecision.FLOAT)
                .quantize(nk, (int) n, (int) k, blocks * block);

        String base = weight.getName();
        List<TensorProto> tensors = new ArrayList<>();
        tensors.add(Tensors.uint8(graph.fresh(base + "_Q4"), List.of(n, (long) blocks, (long) block / 2), q.packed()));
        tensors.add(Tensors.scales(graph.fresh(base + "_scales"), List.of(n, (long) blocks), q.scales(), q.scalePrecision()));
        if (q.zeroPoints() != null) {
            long zeroPointBytes = Int4Blocks.ceilDiv(blocks, 2);
            tensors.add(Tensors.uint8(graph.fresh(base + "_zero_points"), List.of(n, zeroPointBytes), q.zeroPoints()));
        }
        return new QuantizedWeight(k, n, q, tensors, tensors.stream().map(TensorProto::getName).toList());
    }

    static float[] transpose(float[] values, int rows, int cols) {
        float[] t = new float[values.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = values[r * cols + c];
            }
        }
        return t;
    }

    private static NodeRewrite kept(NodeProto node, String reason) {
        return new NodeRewrite.Kept(new SkippedNode(Nodes.label(node), node.getOpType(), reason));
    }

    private record QuantizedWeight(long k, long n, Int4Blocks blocks, List<TensorProto> tensors, List<String> inputs) {
    }
}
