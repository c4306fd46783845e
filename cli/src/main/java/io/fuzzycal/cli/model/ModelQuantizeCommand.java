package io.fuzzycal.cli.model;

import io.fuzzycal.cli.InvalidInputException;
import io.fuzzycal.cli.FuzzycalVersion;
import io.fuzzycal.model.quantize.Int4Quantizer;
import io.fuzzycal.model.quantize.QuantizeOptions;
import io.fuzzycal.model.quantize.QuantizeReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fuzzycal model quantize}: writes the 4-bit twin of an FP32 ONNX model and reports what changed. */
@Command(name = "quantize",
        mixinStandardHelpOptions = true,
        versionProvider = FuzzycalVersion.class,
        description = {
            "Quantizes an FP32 ONNX model to 4 bits for ONNX Runtime: every MatMul on a constant weight becomes"
                    + " com.microsoft MatMulNBits, every Gather on a constant embedding table becomes"
                    + " com.microsoft GatherBlockQuantized. Graph inputs and outputs stay the same.",
            "Prints one line per quantized node and the two file sizes."})
public final class ModelQuantizeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--in", required = true, paramLabel = "<model.onnx>", description = "The FP32 ONNX model.")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "<model.int4.onnx>", description = "Where to write the INT4 model.")
    Path out;

    @Option(names = "--block-size", paramLabel = "<n>", defaultValue = "" + QuantizeOptions.DEFAULT_BLOCK_SIZE,
            description = "Weights per block for MatMulNBits (a power of two >= 16). Default: ${DEFAULT-VALUE}.")
    int blockSize;

    @Option(names = "--embedding-block-size", paramLabel = "<n>",
            defaultValue = "" + QuantizeOptions.DEFAULT_EMBEDDING_BLOCK_SIZE,
            description = "Values per block for embedding tables (a power of two >= 16). Default: ${DEFAULT-VALUE}.")
    int embeddingBlockSize;

    @Option(names = "--symmetric",
            description = "Zero point fixed at 8 instead of fitted per block: slightly smaller, slightly less exact.")
    boolean symmetric;

    @Option(names = "--accuracy-level", paramLabel = "<0|4>", defaultValue = "0",
            description = "MatMulNBits compute: 0 = float, 4 = int8 activations. Default: ${DEFAULT-VALUE}.")
    int accuracyLevel;

    @Override
    public Integer call() throws IOException {
        QuantizeOptions options = InvalidInputException.check(
                () -> new QuantizeOptions(blockSize, embeddingBlockSize, symmetric, accuracyLevel));
        if (!Files.isRegularFile(in)) {
            throw new InvalidInputException("--in " + in + ": no such file");
        }
        if (Files.exists(out) && Files.isSameFile(in, out)) {
            throw new InvalidInputException("--out must differ from --in: quantizing in place would lose the FP32 model");
        }
        QuantizeReport report = Int4Quantizer.quantize(in, out, options);
        PrintWriter console = spec.commandLine().getOut();
        console.print(QuantizeReportTable.render(report));
        console.printf("wrote %s%n", out);
        console.flush();
        return 0;
    }
}
