package io.fuzzycal.model.quantize;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One pass over the main graph: each candidate node is replaced in place (so the order stays
 * topological), constants nothing reads any more are dropped, and everything else is copied as is.
 * Subgraphs (If, Loop, Scan bodies) are left alone.
 */
final class GraphQuantizer {
    private final QuantizeOptions options;

    GraphQuantizer(QuantizeOptions options) {
        this.options = options;
    }

    QuantizedModel quantize(ModelProto model) {
        if (!model.hasGraph()) {
            throw new IllegalArgumentException("the model has no graph");
        }
        GraphProto graph = model.getGraph();
        GraphIndex index = new GraphIndex(graph);
        MatMulNBitsRewrite matMuls = new MatMulNBitsRewrite(index, options);
        GatherBlockQuantizedRewrite gathers = new GatherBlockQuantizedRewrite(index, options);

        List<NodeProto> nodes = new ArrayList<>();
        List<TensorProto> added = new ArrayList<>();
        List<NodeReport> reports = new ArrayList<>();
        List<SkippedNode> skipped = new ArrayList<>();
        Map<String, Integer> releasedReads = new HashMap<>();
        for (NodeProto node : graph.getNodeList()) {
            NodeRewrite rewrite = matMuls.rewrite(node);
            if (rewrite == null) {
                rewrite = gathers.rewrite(node);
            }
            if (rewrite instanceof NodeRewrite.Replaced replaced) {
                nodes.addAll(replaced.nodes());
                added.addAll(replaced.initializers());
                reports.add(replaced.report());
                releasedReads.merge(replaced.consumedConstant(), 1, Integer::sum);
            } else {
                if (rewrite instanceof NodeRewrite.Kept kept) {
                    skipped.add(kept.why());
                }
                nodes.add(node);
            }
        }

        // A replaced constant stays if anything else still reads it (another op, a subgraph, an output).
        Set<String> unused = new HashSet<>();
        releasedReads.forEach((name, released) -> {
            if (index.reads(name) == released) {
                unused.add(name);
            }
        });
        GraphProto.Builder rewritten = graph.toBuilder()
                .clearNode().addAllNode(nodes)
                .clearInitializer();
        graph.getInitializerList().stream().filter(t -> !unused.contains(t.getName())).forEach(rewritten::addInitializer);
        rewritten.addAllInitializer(added);
        rewritten.clearValueInfo();
        graph.getValueInfoList().stream().filter(v -> !unused.contains(v.getName())).forEach(rewritten::addValueInfo);

        ModelProto.Builder out = model.toBuilder().setGraph(rewritten);
        if (!reports.isEmpty() && out.getOpsetImportList().stream().noneMatch(o -> o.getDomain().equals(Nodes.MS_DOMAIN))) {
            out.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(Nodes.MS_DOMAIN).setVersion(1));
        }
        ModelProto result = out.build();
        QuantizeReport report = new QuantizeReport(reports, skipped, model.getSerializedSize(),
                result.getSerializedSize(), Duration.ZERO);
        return new QuantizedModel(result, report);
    }
}
