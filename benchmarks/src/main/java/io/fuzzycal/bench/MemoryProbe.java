package io.fuzzycal.bench;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OrtEnvironment;
import io.fuzzycal.model.EngineOptions;
import io.fuzzycal.model.InferenceEngine;
import io.fuzzycal.model.ModelBundle;
import io.fuzzycal.model.Precision;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The child process of {@code fuzzycal bench memory}: loads ONE model variant of a bundle and prints
 * its resident set size at each stage, one {@code fuzzycal-rss <stage> <KiB>} line per stage:
 * <ol>
 *   <li>{@code start}: the JVM is up (the bundle's config read);</li>
 *   <li>{@code runtime}: ONNX Runtime's and the tokenizer's native libraries loaded, no model yet;</li>
 *   <li>{@code session}: an {@link InferenceEngine} opened with only this variant;</li>
 *   <li>{@code classified}: after one {@code classify} of a few texts;</li>
 *   <li>{@code tokenizer}: after opening one more tokenizer like the engine's, to tell how much of
 *       {@code session − runtime} is the engine's tokenizer rather than the ONNX session.</li>
 * </ol>
 * {@code session − runtime} is what opening an engine with the variant costs: its session and its tokenizer. Run it in a fresh JVM per
 * variant: native memory that one session used is never handed back in full.
 */
public final class MemoryProbe {
    static final String PREFIX = "fuzzycal-rss";
    static final List<String> STAGES = List.of("start", "runtime", "session", "classified", "tokenizer");

    private static final List<String> TEXTS = List.of(
            "$AAPL beats on earnings and raises guidance",
            "Stocks slide as bond yields jump to a 16-year high",
            "The Fed holds rates steady, as expected",
            "Downgrade: analysts cut $TSLA to underweight on margin worries",
            "Oil prices little changed ahead of OPEC meeting",
            "Nvidia shares surge after record data-center revenue",
            "Retail sales fall more than forecast in October",
            "Company announces date of its annual shareholder meeting");

    private static final long LOADER_STACK_BYTES = 64L << 20;

    private MemoryProbe() {
    }

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: java -cp <fuzzycal jar> " + MemoryProbe.class.getName() + " <bundle-dir> <fp32|int4> <threads>");
            System.exit(2);
        }
        try {
            run(Path.of(args[0]), Precision.parse(args[1]), Integer.parseInt(args[2]), System.out);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0); // without waiting for ONNX Runtime's daemon threads
    }

    static void run(Path bundleDir, Precision variant, int threads, PrintStream out) throws IOException {
        ModelBundle bundle = ModelBundle.load(bundleDir);
        report(out, "start");
        loadNativeLibraries(bundle);
        report(out, "runtime");
        EngineOptions options = EngineOptions.defaults().withVariants(variant).withIntraOpThreads(threads);
        try (InferenceEngine engine = InferenceEngine.open(bundle, options)) {
            report(out, "session");
            engine.classify(variant, TEXTS);
            report(out, "classified");
            try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder().optTokenizerPath(bundle.tokenizerFile())
                    .optMaxLength(bundle.maxLength()).optTruncation(true).optPadding(false).build()) {
                tokenizer.encode(TEXTS.get(0));
                report(out, "tokenizer");
            }
        }
    }

    /**
     * Loads ONNX Runtime (on a large stack, as the engine does: loading the library needs about 1 MiB
     * of native stack) and the tokenizer's library, so that the {@code session} stage measures the
     * model alone. The tokenizer is closed again; the engine makes its own.
     */
    private static void loadNativeLibraries(ModelBundle bundle) throws IOException {
        FutureTask<Void> task = new FutureTask<>(() -> {
            OrtEnvironment.getEnvironment();
            HuggingFaceTokenizer.builder().optTokenizerPath(bundle.tokenizerFile()).build().close();
            return null;
        });
        Thread loader = new Thread(null, task, "memory-probe-loader", LOADER_STACK_BYTES);
        loader.setDaemon(true);
        loader.start();
        try {
            task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading ONNX Runtime", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("cannot load ONNX Runtime or the tokenizer: " + e.getCause(), e.getCause());
        }
    }

    private static void report(PrintStream out, String stage) throws IOException {
        out.println(PREFIX + " " + stage + " " + ResidentMemory.currentKb());
        out.flush();
    }

    /** The stages a probe printed, in KiB, from its whole output (other lines are ignored). */
    static Map<String, Long> parse(String output) {
        Map<String, Long> stages = new LinkedHashMap<>();
        for (String line : output.split("\\R")) {
            String[] parts = line.trim().split(" ");
            if (parts.length == 3 && parts[0].equals(PREFIX)) {
                stages.put(parts[1], Long.parseLong(parts[2]));
            }
        }
        if (!stages.keySet().containsAll(STAGES)) {
            throw new IllegalStateException("the memory probe reported stages " + stages.keySet() + ", expected " + STAGES);
        }
        return stages;
    }
}
