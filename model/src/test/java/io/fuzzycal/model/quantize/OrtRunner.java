package io.fuzzycal.model.quantize;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Map;

/** Runs a one-input, one-output model through ONNX Runtime Java. */
final class OrtRunner {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    private OrtRunner() {
    }

    static float[] runFloat(ModelProto model, String input, float[] values, long... shape) throws OrtException {
        try (OnnxTensor tensor = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(values), shape)) {
            return run(model, input, tensor);
        }
    }

    static float[] runLong(ModelProto model, String input, long[] values, long... shape) throws OrtException {
        try (OnnxTensor tensor = OnnxTensor.createTensor(ENV, LongBuffer.wrap(values), shape)) {
            return run(model, input, tensor);
        }
    }

    private static float[] run(ModelProto model, String input, OnnxTensor tensor) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = ENV.createSession(model.toByteArray(), options);
                 OrtSession.Result result = session.run(Map.of(input, tensor))) {
                FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
                float[] values = new float[out.remaining()];
                out.get(values);
                return values;
            }
        }
    }
}
