package io.fuzzycal.model;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One ONNX session of a Hugging Face style encoder graph: pads tokenized batches, feeds
 * {@code input_ids}, {@code attention_mask} and, only when the graph declares it,
 * {@code token_type_ids}, and reads one 2-D float output. Every tensor and result is closed as soon
 * as the batch is read.
 */
final class GraphRunner implements AutoCloseable {
    static final String INPUT_IDS = "input_ids";
    static final String ATTENTION_MASK = "attention_mask";
    static final String TOKEN_TYPE_IDS = "token_type_ids";

    private final OrtEnvironment env = SessionFactory.environment();
    private final OrtSession session;
    private final String output;
    private final boolean feedsTokenTypes;

    /** Takes ownership of {@code session}; closes it if the graph does not fit. */
    GraphRunner(OrtSession session, String output, String what) throws OrtException {
        this.session = session;
        this.output = output;
        try {
            Set<String> inputs = session.getInputNames();
            for (String required : List.of(INPUT_IDS, ATTENTION_MASK)) {
                if (!inputs.contains(required)) {
                    throw new IllegalArgumentException(what + " has no input '" + required + "' (inputs: " + inputs + ")");
                }
            }
            if (!session.getOutputNames().contains(output)) {
                throw new IllegalArgumentException(what + " has no output '" + output + "' (outputs: "
                        + session.getOutputNames() + ")");
            }
            this.feedsTokenTypes = inputs.contains(TOKEN_TYPE_IDS);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /**
     * Runs every text in the batches of {@code plan} and returns the output rows in input order.
     *
     * @param stage names the work in progress reports
     */
    float[][] run(List<TokenIds> encoded, List<int[]> plan, ProgressListener progress, String stage) throws OrtException {
        float[][] rows = new float[encoded.size()][];
        long start = System.nanoTime();
        int done = 0;
        for (int[] batch : plan) {
            float[][] out = runBatch(encoded, batch);
            for (int j = 0; j < batch.length; j++) {
                rows[batch[j]] = out[j];
            }
            done += batch.length;
            double seconds = Math.max((System.nanoTime() - start) / 1e9, 1e-9);
            progress.progress(stage, done, encoded.size(), done / seconds);
        }
        return rows;
    }

    private float[][] runBatch(List<TokenIds> encoded, int[] batch) throws OrtException {
        int width = 0;
        for (int i : batch) {
            width = Math.max(width, encoded.get(i).length());
        }
        long[] ids = new long[batch.length * width];
        long[] mask = new long[batch.length * width];
        long[] types = new long[batch.length * width];
        for (int j = 0; j < batch.length; j++) {
            TokenIds t = encoded.get(batch[j]);
            System.arraycopy(t.ids(), 0, ids, j * width, t.length());
            System.arraycopy(t.typeIds(), 0, types, j * width, t.length());
            Arrays.fill(mask, j * width, j * width + t.length(), 1L);
        }
        long[] shape = {batch.length, width};
        try (OnnxTensor idsTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
                OnnxTensor maskTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
                OnnxTensor typesTensor = feedsTokenTypes ? OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape) : null) {
            Map<String, OnnxTensor> feed = new HashMap<>();
            feed.put(INPUT_IDS, idsTensor);
            feed.put(ATTENTION_MASK, maskTensor);
            if (typesTensor != null) {
                feed.put(TOKEN_TYPE_IDS, typesTensor);
            }
            try (OrtSession.Result result = session.run(feed, Set.of(output))) {
                return rows(result.get(output).orElseThrow(), batch.length);
            }
        }
    }

    private float[][] rows(OnnxValue value, int batchSize) {
        if (!(value instanceof OnnxTensor tensor)) {
            throw new IllegalStateException("output '" + output + "' is not a tensor");
        }
        if (tensor.getInfo().type != OnnxJavaType.FLOAT) {
            throw new IllegalStateException("output '" + output + "' holds " + tensor.getInfo().type + ", expected float");
        }
        long[] shape = tensor.getInfo().getShape();
        if (shape.length != 2 || shape[0] != batchSize) {
            throw new IllegalStateException("output '" + output + "' has shape " + Arrays.toString(shape)
                    + ", expected [" + batchSize + ", n]");
        }
        FloatBuffer buffer = tensor.getFloatBuffer();
        int width = (int) shape[1];
        float[][] rows = new float[batchSize][width];
        for (float[] row : rows) {
            buffer.get(row);
        }
        return rows;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
