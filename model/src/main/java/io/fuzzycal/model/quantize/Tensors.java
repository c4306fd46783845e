package io.fuzzycal.model.quantize;

import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataLocation;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** Reading FP32 initializers and building the quantized ones. */
final class Tensors {
    private Tensors() {
    }

    static boolean usesExternalData(TensorProto tensor) {
        return tensor.getDataLocation() == DataLocation.EXTERNAL || tensor.getExternalDataCount() > 0;
    }

    static long elementCount(TensorProto tensor) {
        long n = 1;
        for (long d : tensor.getDimsList()) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** The values of a FLOAT tensor, from raw_data (little-endian, as ONNX specifies) or float_data. */
    static float[] floats(TensorProto tensor) {
        if (usesExternalData(tensor)) {
            throw new IllegalArgumentException(externalDataMessage(tensor.getName()));
        }
        if (tensor.getDataType() != DataType.FLOAT_VALUE) {
            throw new IllegalArgumentException("tensor '" + tensor.getName() + "' is not FLOAT");
        }
        long count = elementCount(tensor);
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor '" + tensor.getName() + "' has too many elements: " + count);
        }
        float[] values = new float[(int) count];
        if (!tensor.getRawData().isEmpty()) {
            if (tensor.getRawData().size() != 4L * count) {
                throw new IllegalArgumentException("tensor '" + tensor.getName() + "' has " + tensor.getRawData().size()
                        + " bytes of raw data for " + count + " floats");
            }
            tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        } else {
            if (tensor.getFloatDataCount() != count) {
                throw new IllegalArgumentException("tensor '" + tensor.getName() + "' has " + tensor.getFloatDataCount()
                        + " float_data values for " + count + " elements");
            }
            for (int i = 0; i < values.length; i++) {
                values[i] = tensor.getFloatData(i);
            }
        }
        return values;
    }

    static String externalDataMessage(String name) {
        return "tensor '" + name + "' keeps its data in an external file; the quantizer reads only models whose"
                + " tensors are stored inside the .onnx file (re-export or re-save the model without external data)";
    }

    static TensorProto uint8(String name, List<Long> dims, byte[] data) {
        return TensorProto.newBuilder().setName(name).setDataType(DataType.UINT8_VALUE).addAllDims(dims)
                .setRawData(ByteString.copyFrom(data)).build();
    }

    /** Scales in their storage precision (the values are already rounded to it). */
    static TensorProto scales(String name, List<Long> dims, float[] values, ScalePrecision precision) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * precision.bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            if (precision == ScalePrecision.FLOAT) {
                buffer.putFloat(v);
            } else {
                buffer.putShort(Float16.fromFloat(v));
            }
        }
        buffer.flip();
        return TensorProto.newBuilder().setName(name).setDataType(precision.onnxType.getNumber()).addAllDims(dims)
                .setRawData(ByteString.copyFrom(buffer)).build();
    }
}
