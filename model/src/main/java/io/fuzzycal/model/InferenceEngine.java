package io.fuzzycal.model;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Classifies texts with a model bundle: one tokenizer, one ONNX Runtime session per requested
 * variant. {@link #classify} may run on several threads at once for <em>different</em> variants (each
 * variant has its own ONNX Runtime session; the tokenizer is guarded), which is how the inference
 * service scores FP32 and INT4 concurrently; one variant is best used from one thread at a time.
 *
 * <pre>{@code
 * try (InferenceEngine engine = InferenceEngine.open(ModelBundle.load(dir), EngineOptions.defaults())) {
 *     List<ModelOutput> p = engine.classify(Precision.FP32, texts);
 * }
 * }</pre>
 */
public final class InferenceEngine implements AutoCloseable {
    /** The classifier output every bundle's graph must have, [batch, labels]. */
    public static final String LOGITS = "logits";

    private final ModelBundle bundle;
    private final EngineOptions options;
    private final TextEncoder encoder;
    private final Map<Precision, GraphRunner> runners;
    private final Device device;

    private InferenceEngine(ModelBundle bundle, EngineOptions options, TextEncoder encoder,
            Map<Precision, GraphRunner> runners, Device device) {
        this.bundle = bundle;
        this.options = options;
        this.encoder = encoder;
        this.runners = runners;
        this.device = device;
    }

    /**
     * Loads the tokenizer and a session for each of {@code options.variants()}.
     *
     * @throws DeviceUnavailableException when {@code --device cuda} cannot start
     */
    public static InferenceEngine open(ModelBundle bundle, EngineOptions options) throws IOException {
        TextEncoder encoder = new TextEncoder(bundle.tokenizerFile(), bundle.maxLength());
        Map<Precision, GraphRunner> runners = new EnumMap<>(Precision.class);
        SessionFactory sessions = new SessionFactory(options.device(), options.intraOpThreads());
        try {
            for (Precision variant : Precision.values()) {
                if (options.variants().contains(variant)) {
                    Path model = bundle.modelFile(variant);
                    runners.put(variant, new GraphRunner(sessions.open(SessionFactory.ModelSource.file(model)), LOGITS,
                            model.toString()));
                }
            }
            return new InferenceEngine(bundle, options, encoder, runners, sessions.device());
        } catch (OrtException e) {
            closeAll(encoder, runners.values());
            throw new IOException("cannot load " + bundle.directory() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeAll(encoder, runners.values());
            throw e;
        }
    }

    /**
     * Classifies {@code texts} with one variant; results come back in input order whatever the
     * batch order.
     */
    public List<ModelOutput> classify(Precision variant, List<String> texts) throws IOException {
        GraphRunner runner = runners.get(variant);
        if (runner == null) {
            throw new IllegalArgumentException("variant " + variant + " was not loaded (loaded: " + runners.keySet() + ")");
        }
        if (texts.isEmpty()) {
            return List.of();
        }
        List<TokenIds> encoded = encoder.encode(texts);
        int[] lengths = encoded.stream().mapToInt(TokenIds::length).toArray();
        float[][] logits;
        try {
            logits = runner.run(encoded, BatchPlan.of(lengths, options.batchSize(), options.batchOrder()),
                    ProgressListener.SILENT, "classify");
        } catch (OrtException e) {
            throw new IOException("inference failed on " + bundle.modelFile(variant) + ": " + e.getMessage(), e);
        }
        List<ModelOutput> out = new ArrayList<>(logits.length);
        for (float[] row : logits) {
            if (row.length != bundle.numLabels()) {
                throw new IllegalStateException(bundle.modelFile(variant) + " returned " + row.length + " logits but "
                        + bundle.configFile() + " names " + bundle.numLabels() + " labels");
            }
            out.add(new ModelOutput(row, Softmax.of(row)));
        }
        return out;
    }

    public ModelBundle bundle() {
        return bundle;
    }

    public List<String> labels() {
        return bundle.labels();
    }

    public EngineOptions options() {
        return options;
    }

    /** Where the sessions run: the requested device, or the CPU after an {@code auto} fallback. */
    public Device device() {
        return device;
    }

    @Override
    public void close() {
        closeAll(encoder, runners.values());
    }

    private static void closeAll(TextEncoder encoder, Iterable<GraphRunner> runners) {
        RuntimeException failure = null;
        for (GraphRunner r : runners) {
            try {
                r.close();
            } catch (OrtException | RuntimeException e) {
                failure = failure == null ? new IllegalStateException("closing an ONNX session failed", e) : failure;
            }
        }
        encoder.close();
        if (failure != null) {
            throw failure;
        }
    }
}
