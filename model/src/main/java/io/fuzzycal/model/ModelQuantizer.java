package io.fuzzycal.model;

import java.io.IOException;
import java.nio.file.Path;
import io.fuzzycal.model.quantize.Int4Quantizer;
import io.fuzzycal.model.quantize.QuantizeOptions;

/**
 * Turns an FP32 ONNX file into its INT4 twin. The default-model builder calls this for the INT4 step;
 * tests may pass another implementation.
 */
@FunctionalInterface
public interface ModelQuantizer {

    void quantize(Path fp32, Path int4) throws IOException;

    /** The project's INT4 quantizer with its default options (MatMulNBits block 16, tables block 32). */
    static ModelQuantizer installed() {
        return (fp32, int4) -> Int4Quantizer.quantize(fp32, int4, QuantizeOptions.defaults());
    }
}
