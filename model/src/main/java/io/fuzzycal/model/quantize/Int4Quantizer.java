package io.fuzzycal.model.quantize;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * Rewrites an FP32 ONNX model into a 4-bit one for ONNX Runtime's CPU contrib operators: every
 * MatMul on a constant weight becomes {@code com.microsoft.MatMulNBits}, every Gather on a constant
 * table (word, position, token-type embeddings) becomes {@code com.microsoft.GatherBlockQuantized}.
 * Graph inputs and outputs stay as they are, so the INT4 model is a drop-in twin of the FP32 one.
 */
public final class Int4Quantizer {
    private Int4Quantizer() {
    }

    /** Quantizes a model file; the report's sizes are the two files' sizes. */
    public static QuantizeReport quantize(Path in, Path out, QuantizeOptions options) throws IOException {
        long start = System.nanoTime();
        ModelProto model = read(in);
        QuantizedModel quantized = quantize(model, options);
        write(quantized.model(), out);
        return quantized.report().withSizes(Files.size(in), Files.size(out), Duration.ofNanos(System.nanoTime() - start));
    }

    /** Quantizes a model in memory; the report's sizes are the serialized sizes. */
    public static QuantizedModel quantize(ModelProto model, QuantizeOptions options) {
        long start = System.nanoTime();
        QuantizedModel quantized = new GraphQuantizer(options).quantize(model);
        QuantizeReport report = quantized.report();
        return new QuantizedModel(quantized.model(), report.withSizes(report.inputBytes(), report.outputBytes(),
                Duration.ofNanos(System.nanoTime() - start)));
    }

    static ModelProto read(Path in) throws IOException {
        try {
            // From a byte array protobuf applies no 64 MB message limit.
            return ModelProto.parseFrom(Files.readAllBytes(in));
        } catch (InvalidProtocolBufferException e) {
            throw new IOException(in + " is not an ONNX model: " + e.getMessage(), e);
        }
    }

    // Written next to the target and moved into place, so a failed run never leaves half a model.
    static void write(ModelProto model, Path out) throws IOException {
        Path absolute = out.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path partial = Files.createTempFile(dir, absolute.getFileName().toString(), ".partial");
        try {
            try (OutputStream stream = Files.newOutputStream(partial)) {
                model.writeTo(stream);
            }
            Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
