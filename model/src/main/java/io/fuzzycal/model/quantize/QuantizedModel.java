package io.fuzzycal.model.quantize;

import ai.onnx.proto.OnnxMl.ModelProto;

/** The rewritten model and its report. */
public record QuantizedModel(ModelProto model, QuantizeReport report) {
}
