package io.fuzzycal.model.quantize;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the rewrite needs to know about a graph: its constants, how often each name is read (in
 * subgraphs too), and which names are taken, so new tensors and nodes get fresh ones.
 */
final class GraphIndex {
    private final Map<String, TensorProto> constants = new LinkedHashMap<>();
    private final Map<String, Integer> reads = new HashMap<>();
    private final Set<String> taken = new HashSet<>();

    GraphIndex(GraphProto graph) {
        Set<String> inputs = new HashSet<>();
        graph.getInputList().forEach(v -> inputs.add(v.getName()));
        for (TensorProto t : graph.getInitializerList()) {
            if (Tensors.usesExternalData(t)) {
                throw new IllegalArgumentException(Tensors.externalDataMessage(t.getName()));
            }
            // An initializer that is also a graph input is only a default: the caller may override it.
            if (!inputs.contains(t.getName())) {
                constants.put(t.getName(), t);
            }
        }
        collectNames(graph);
    }

    Optional<TensorProto> constant(String name) {
        return Optional.ofNullable(constants.get(name));
    }

    int reads(String name) {
        return reads.getOrDefault(name, 0);
    }

    /** {@code base} if no tensor or node has that name yet, else {@code base_2}, {@code base_3}, ... */
    String fresh(String base) {
        String name = base;
        for (int i = 2; !taken.add(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }

    private void collectNames(GraphProto graph) {
        graph.getInitializerList().forEach(t -> taken.add(t.getName()));
        for (ValueInfoProto v : graph.getInputList()) {
            taken.add(v.getName());
        }
        for (ValueInfoProto v : graph.getOutputList()) {
            taken.add(v.getName());
            reads.merge(v.getName(), 1, Integer::sum); // a (sub)graph output may be a constant itself
        }
        for (ValueInfoProto v : graph.getValueInfoList()) {
            taken.add(v.getName());
        }
        for (NodeProto node : graph.getNodeList()) {
            taken.add(node.getName());
            taken.addAll(node.getOutputList());
            for (String input : node.getInputList()) {
                taken.add(input);
                reads.merge(input, 1, Integer::sum);
            }
            for (AttributeProto attribute : node.getAttributeList()) {
                if (attribute.hasG()) {
                    collectNames(attribute.getG());
                }
                attribute.getGraphsList().forEach(this::collectNames);
            }
        }
    }
}
