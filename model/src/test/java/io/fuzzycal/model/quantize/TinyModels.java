package io.fuzzycal.model.quantize;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/** One-node ONNX models built in the test, with random constants. */
final class TinyModels {
    enum Storage { RAW_DATA, FLOAT_DATA }

    private TinyModels() {
    }

    /** Y[M, N] = A[M, K] · W[K, N] with W a constant. */
    static ModelProto matMul(float[] weight, int k, int n, Storage storage) {
        GraphProto graph = GraphProto.newBuilder().setName("matmul")
                .addInput(value("A", DataType.FLOAT, -1, k))
                .addOutput(value("Y", DataType.FLOAT, -1, n))
                .addInitializer(floatTensor("W", weight, storage, k, n))
                .addNode(NodeProto.newBuilder().setName("the_matmul").setOpType("MatMul")
                        .addInput("A").addInput("W").addOutput("Y"))
                .build();
        return model(graph);
    }

    /** Y[I, C] = table[R, C][indices[I]] with the table a constant. */
    static ModelProto gather(float[] table, int r, int c, Storage storage) {
        GraphProto graph = GraphProto.newBuilder().setName("gather")
                .addInput(value("indices", DataType.INT64, -1))
                .addOutput(value("Y", DataType.FLOAT, -1, c))
                .addInitializer(floatTensor("table", table, storage, r, c))
                .addNode(NodeProto.newBuilder().setName("the_gather").setOpType("Gather")
                        .addInput("table").addInput("indices").addOutput("Y")
                        .addAttribute(AttributeProto.newBuilder().setName("axis")
                                .setType(AttributeProto.AttributeType.INT).setI(0)))
                .build();
        return model(graph);
    }

    static float[] gaussian(int count, double sd, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            double u = random.nextDouble(1e-12, 1);
            double v = random.nextDouble();
            values[i] = (float) (sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
        }
        // A few outliers, as real weights have, so the clipping search has something to decide.
        for (int i = 0; i < count; i += 97) {
            values[i] *= 6;
        }
        return values;
    }

    static TensorProto floatTensor(String name, float[] values, Storage storage, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(DataType.FLOAT_VALUE);
        for (long d : dims) {
            t.addDims(d);
        }
        if (storage == Storage.RAW_DATA) {
            ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : values) {
                bytes.putFloat(v);
            }
            t.setRawData(ByteString.copyFrom(bytes.flip()));
        } else {
            for (float v : values) {
                t.addFloatData(v);
            }
        }
        return t.build();
    }

    static ValueInfoProto value(String name, DataType type, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(d < 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam("batch")
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(
                        TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape)))
                .build();
    }

    private static ModelProto model(GraphProto graph) {
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("fuzzycal-test")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .setGraph(graph).build();
    }
}
