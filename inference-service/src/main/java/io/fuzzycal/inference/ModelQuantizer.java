package io.fuzzycal.inference;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * Turns an FP32 ONNX file into its INT4 twin. The default-model builder calls this for the INT4 step
 * and does not care how it is done; the project's quantizer registers itself as a
 * {@link ServiceLoader} provider of this interface.
 */
@FunctionalInterface
public interface ModelQuantizer {

    void quantize(Path fp32, Path int4) throws IOException;

    /** The quantizer registered on the class path; fails in one line when there is none. */
    static ModelQuantizer installed() {
        return ServiceLoader.load(ModelQuantizer.class).findFirst().orElseThrow(() -> new IllegalStateException(
                "no INT4 quantizer is installed (no provider of " + ModelQuantizer.class.getName()
                        + " in META-INF/services), so the INT4 model cannot be built"));
    }
}
