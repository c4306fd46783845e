package io.fuzzycal.model.quantize;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.List;

/** What a rewrite decided for one candidate node. */
sealed interface NodeRewrite permits NodeRewrite.Replaced, NodeRewrite.Kept {

    /**
     * The node gives way to {@code nodes}, which read the new {@code initializers} (empty when an
     * earlier node already quantized the same constant) instead of {@code consumedConstant}.
     */
    record Replaced(List<NodeProto> nodes, List<TensorProto> initializers, String consumedConstant,
                    NodeReport report) implements NodeRewrite {
    }

    /** The node stays as it is. */
    record Kept(SkippedNode why) implements NodeRewrite {
    }
}
