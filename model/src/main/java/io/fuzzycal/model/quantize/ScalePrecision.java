package io.fuzzycal.model.quantize;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;

/** The element type scales are stored in; quantization rounds each scale to it before using it. */
enum ScalePrecision {
    FLOAT(DataType.FLOAT, 4),
    FLOAT16(DataType.FLOAT16, 2);

    final DataType onnxType;
    final int bytes;

    ScalePrecision(DataType onnxType, int bytes) {
        this.onnxType = onnxType;
        this.bytes = bytes;
    }

    float round(float scale) {
        return this == FLOAT ? scale : Float16.round(scale);
    }
}
