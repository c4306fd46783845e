package io.fuzzycal.model.quantize;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gather(constant table[R, C], indices) → com.microsoft GatherBlockQuantized(table4, indices, scales
 * [, zero_points]), blocks along each row. Scales are FP16 (half the bytes of the word-embedding
 * scales), which makes the operator's output FP16, so a Cast back to FLOAT follows it; tables whose
 * scales would overflow FP16 keep FP32 scales and need no Cast.
 */
final class GatherBlockQuantizedRewrite {
    static final String OP = "GatherBlockQuantized";

    private final GraphIndex graph;
    private final QuantizeOptions options;
    private final Map<String, QuantizedTable> done = new HashMap<>();

    GatherBlockQuantizedRewrite(GraphIndex graph, QuantizeOptions options) {
        this.graph = graph;
        this.options = options;
    }

    /** Null when the node is not a Gather on a constant FLOAT table (shape arithmetic gathers on int64). */
    NodeRewrite rewrite(NodeProto node) {
        if (!Nodes.isStandardOp(node, "Gather") || node.getInputCount() != 2) {
            return null;
        }
        TensorProto table = graph.constant(node.getInput(0)).orElse(null);
        if (table == null || table.getDataType() != DataType.FLOAT_VALUE) {
            return null;
        }
        if (table.getDimsCount() != 2) {
            return kept(node, "table has rank " + table.getDimsCount() + "; only 2-D [R, C] tables are quantized");
        }
        if (Tensors.elementCount(table) == 0) {
            return kept(node, "table is empty");
        }
        long axis = Nodes.intAttribute(node, "axis", 0);
        if (axis != 0 && axis != -2) {
            return kept(node, "gathers along axis " + axis + "; GatherBlockQuantized on packed 4-bit data gathers rows only");
        }
        if (table.getDims(1) % 2 != 0) {
            return kept(node, "row length " + table.getDims(1) + " is odd; two 4-bit values share a byte");
        }
        boolean first = !done.containsKey(table.getName());
        QuantizedTable q = done.computeIfAbsent(table.getName(), name -> quantize(table));

        String output = node.getOutput(0);
        boolean cast = q.blocks.scalePrecision() == ScalePrecision.FLOAT16;
        String name = node.getName().isEmpty() ? graph.fresh(OP) : node.getName();
        String gathered = cast ? graph.fresh(output + "_fp16") : output;
        List<NodeProto> nodes = new ArrayList<>();
        nodes.add(NodeProto.newBuilder().setName(name).setOpType(OP).setDomain(Nodes.MS_DOMAIN)
                .addInput(q.inputs.get(0)).addInput(node.getInput(1)).addAllInput(q.inputs.subList(1, q.inputs.size()))
                .addOutput(gathered)
                .addAttribute(Nodes.intAttribute("gather_axis", 0))
                .addAttribute(Nodes.intAttribute("quantize_axis", 1))
                .addAttribute(Nodes.intAttribute("block_size", options.embeddingBlockSize()))
                .addAttribute(Nodes.intAttribute("bits", 4))
                .build());
        if (cast) {
            nodes.add(NodeProto.newBuilder().setName(graph.fresh(name + "_cast")).setOpType("Cast")
                    .addInput(gathered).addOutput(output)
                    .addAttribute(Nodes.intAttribute("to", DataType.FLOAT_VALUE))
                    .build());
        }
        NodeReport report = new NodeReport(Nodes.label(node), OP, table.getDimsList(), options.embeddingBlockSize(),
                4L * q.blocks.rows() * q.blocks.cols(), q.blocks.storedBytes(), q.blocks.maxAbsError());
        return new NodeRewrite.Replaced(nodes, first ? q.tensors : List.of(), table.getName(), report);
    }

    private QuantizedTable quantize(TensorProto table) {
        int rows = Math.toIntExact(table.getDims(0));
        int cols = Math.toIntExact(table.getDims(1));
        float[] values = Tensors.floats(table);
        ScalePrecision precision = fitsFloat16Scales(values) ? ScalePrecision.FLOAT16 : ScalePrecision.FLOAT;
        int block = options.embeddingBlockSize();
        Int4Blocks q = new BlockQuantizer(block, options.symmetric(), precision).quantize(values, rows, cols, cols);

        String base = table.getName();
        int blocks = q.blocksPerRow();
        List<TensorProto> tensors = new ArrayList<>();
        tensors.add(Tensors.uint8(graph.fresh(base + "_Q4"), List.of((long) rows, (long) cols / 2), q.packed()));
        tensors.add(Tensors.scales(graph.fresh(base + "_scales"), List.of((long) rows, (long) blocks), q.scales(), precision));
        if (q.zeroPoints() != null) {
            long zeroPointBytes = Int4Blocks.ceilDiv(blocks, 2);
            tensors.add(Tensors.uint8(graph.fresh(base + "_zero_points"), List.of((long) rows, zeroPointBytes), q.zeroPoints()));
        }
        return new QuantizedTable(q, tensors, tensors.stream().map(TensorProto::getName).toList());
    }

    // The largest scale either mode can pick is 2·max|v|/15 (asymmetric, full range).
    private static boolean fitsFloat16Scales(float[] values) {
        float maxAbs = 0;
        for (float v : values) {
            maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        return 2 * maxAbs / 15 <= Float16.MAX_VALUE;
    }

    private static NodeRewrite kept(NodeProto node, String reason) {
        return new NodeRewrite.Kept(new SkippedNode(Nodes.label(node), node.getOpType(), reason));
    }

    private record QuantizedTable(Int4Blocks blocks, List<TensorProto> tensors, List<String> inputs) {
    }
}
