package io.fuzzycal.model;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** Small constructors for the ONNX nodes, initializers and value infos the builder appends. */
final class OnnxNodes {
    private OnnxNodes() {
    }

    static NodeProto node(String opType, String name, List<String> inputs, String output, AttributeProto... attributes) {
        NodeProto.Builder b = NodeProto.newBuilder().setOpType(opType).setName(name).addAllInput(inputs).addOutput(output);
        for (AttributeProto a : attributes) {
            b.addAttribute(a);
        }
        return b.build();
    }

    static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto intsAttribute(String name, long... values) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            b.addInts(v);
        }
        return b.build();
    }

    /** A float tensor stored as little-endian raw data, as exporters write it. */
    static TensorProto floatTensor(String name, long[] dims, float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            bytes.putFloat(v);
        }
        bytes.flip();
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT.getNumber())
                .setRawData(ByteString.copyFrom(bytes));
        for (long d : dims) {
            b.addDims(d);
        }
        return b.build();
    }

    /** A float tensor value info with named (symbolic) or fixed dimensions. */
    static ValueInfoProto floatValueInfo(String name, TensorShapeProto.Dimension... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (TensorShapeProto.Dimension d : dims) {
            shape.addDim(d);
        }
        TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    static TensorShapeProto.Dimension fixed(long value) {
        return TensorShapeProto.Dimension.newBuilder().setDimValue(value).build();
    }

    static TensorShapeProto.Dimension symbolic(String name) {
        return TensorShapeProto.Dimension.newBuilder().setDimParam(name).build();
    }
}
