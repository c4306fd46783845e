package io.fuzzycal.model.quantize;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A plain dequantizer written from the operators' documented layouts, deliberately sharing no code
 * with the packing in main: it decodes the initializers of a quantized model back to floats.
 */
final class Int4Reference {
    private Int4Reference() {
    }

    /** W'[K, N] from a MatMulNBits node: B[N, blocks, block/2], scales[N, blocks], zp[N, ceil(blocks/2)]. */
    static float[] dequantizeMatMulNBits(ModelProto model) {
        NodeProto node = node(model, "MatMulNBits");
        int k = (int) attribute(node, "K");
        int n = (int) attribute(node, "N");
        int block = (int) attribute(node, "block_size");
        int blocks = (k + block - 1) / block;
        byte[] b = bytes(initializer(model, node.getInput(1)));
        float[] scales = scales(initializer(model, node.getInput(2)));
        byte[] zp = node.getInputCount() > 3 ? bytes(initializer(model, node.getInput(3))) : null;
        int zpRow = (blocks + 1) / 2;
        float[] w = new float[k * n];
        for (int col = 0; col < n; col++) {
            for (int row = 0; row < k; row++) {
                int blk = row / block;
                int within = row % block;
                int code = nibble(b[col * blocks * (block / 2) + blk * (block / 2) + within / 2], within);
                int zero = zp == null ? 8 : nibble(zp[col * zpRow + blk / 2], blk);
                w[row * n + col] = (code - zero) * scales[col * blocks + blk];
            }
        }
        return w;
    }

    /**
     * table'[R, C] as GatherBlockQuantized returns it: data[R, C/2], scales[R, blocks], zp[R,
     * ceil(blocks/2)]; with FP16 scales the operator computes in float and rounds the result to FP16.
     */
    static float[] dequantizeGatherBlockQuantized(ModelProto model) {
        NodeProto node = node(model, "GatherBlockQuantized");
        int block = (int) attribute(node, "block_size");
        TensorProto data = initializer(model, node.getInput(0));
        int r = (int) data.getDims(0);
        int c = (int) data.getDims(1) * 2;
        int blocks = (c + block - 1) / block;
        byte[] q = bytes(data);
        TensorProto scaleTensor = initializer(model, node.getInput(2));
        boolean half = scaleTensor.getDataType() == DataType.FLOAT16_VALUE;
        float[] scales = scales(scaleTensor);
        byte[] zp = node.getInputCount() > 3 ? bytes(initializer(model, node.getInput(3))) : null;
        int zpRow = (blocks + 1) / 2;
        float[] table = new float[r * c];
        for (int row = 0; row < r; row++) {
            for (int col = 0; col < c; col++) {
                int blk = col / block;
                int code = nibble(q[row * (c / 2) + col / 2], col);
                int zero = zp == null ? 8 : nibble(zp[row * zpRow + blk / 2], blk);
                float value = (code - zero) * scales[row * blocks + blk];
                table[row * c + col] = half ? Float16.round(value) : value;
            }
        }
        return table;
    }

    static NodeProto node(ModelProto model, String opType) {
        return model.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals(opType)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + opType + " node"));
    }

    static TensorProto initializer(ModelProto model, String name) {
        return model.getGraph().getInitializerList().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no initializer " + name));
    }

    static long attribute(NodeProto node, String name) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst()
                .map(AttributeProto::getI).orElseThrow(() -> new AssertionError("no attribute " + name));
    }

    private static int nibble(byte b, int index) {
        return index % 2 == 0 ? b & 0x0f : (b >> 4) & 0x0f;
    }

    private static byte[] bytes(TensorProto t) {
        return t.getRawData().toByteArray();
    }

    private static float[] scales(TensorProto t) {
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        if (t.getDataType() == DataType.FLOAT_VALUE) {
            float[] s = new float[raw.remaining() / 4];
            raw.asFloatBuffer().get(s);
            return s;
        }
        float[] s = new float[raw.remaining() / 2];
        for (int i = 0; i < s.length; i++) {
            s[i] = Float16.toFloat(raw.getShort());
        }
        return s;
    }
}
