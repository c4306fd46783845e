package io.fuzzycal.model.quantize;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of one quantization: a line per rewritten node, the candidates left alone, and the
 * sizes of the serialized models (the files' sizes when quantizing files).
 */
public record QuantizeReport(List<NodeReport> nodes, List<SkippedNode> skipped,
                             long inputBytes, long outputBytes, Duration elapsed) {
    public QuantizeReport {
        nodes = List.copyOf(nodes);
        skipped = List.copyOf(skipped);
    }

    /** Output size as a fraction of the input size. */
    public double sizeRatio() {
        return inputBytes == 0 ? Double.NaN : (double) outputBytes / inputBytes;
    }

    QuantizeReport withSizes(long input, long output, Duration took) {
        return new QuantizeReport(nodes, skipped, input, output, took);
    }
}
