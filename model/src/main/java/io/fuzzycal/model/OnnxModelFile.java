package io.fuzzycal.model;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.google.protobuf.CodedInputStream;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes ONNX models as protobuf ({@code ai.onnx.proto.OnnxMl}). */
final class OnnxModelFile {
    private OnnxModelFile() {
    }

    static ModelProto read(InputStream in) throws IOException {
        CodedInputStream coded = CodedInputStream.newInstance(in);
        coded.setSizeLimit(Integer.MAX_VALUE); // models are far over protobuf's default 64 MiB limit
        return ModelProto.parseFrom(coded);
    }

    static ModelProto read(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return read(in);
        }
    }

    static void write(ModelProto model, Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            model.writeTo(out);
        }
    }
}
