package io.fuzzycal.model.quantize;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.NodeProto;

/** Small helpers for reading and building nodes. */
final class Nodes {
    static final String MS_DOMAIN = "com.microsoft";

    private Nodes() {
    }

    static boolean isStandardOp(NodeProto node, String opType) {
        return node.getOpType().equals(opType) && (node.getDomain().isEmpty() || node.getDomain().equals("ai.onnx"));
    }

    static long intAttribute(NodeProto node, String name, long fallback) {
        for (AttributeProto a : node.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a.getI();
            }
        }
        return fallback;
    }

    static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(value).build();
    }

    /** The node's name, or a stand-in that still identifies it in the report when it has none. */
    static String label(NodeProto node) {
        return !node.getName().isEmpty() ? node.getName() : node.getOpType() + " -> " + node.getOutput(0);
    }
}
