package io.fuzzycal.cli;

/**
 * What the study reports of one model variant.
 *
 * @param variant FP32 or INT4
 * @param file the ONNX file, or the probabilities file they were loaded from
 * @param bytes size of the ONNX file, or -1 when the probabilities were loaded from files
 * @param textsPerSecond measured while extracting probabilities, or NaN when not measured
 */
record ModelFacts(String variant, String file, long bytes, double textsPerSecond) {
    String megabytes() {
        return bytes < 0 ? "-" : Format.fixed(bytes / 1e6, 1);
    }

    String throughput() {
        return Double.isNaN(textsPerSecond) ? "-" : Format.fixed(textsPerSecond, 1);
    }
}
