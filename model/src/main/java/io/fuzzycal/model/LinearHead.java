package io.fuzzycal.model;

import static io.fuzzycal.model.OnnxNodes.fixed;
import static io.fuzzycal.model.OnnxNodes.floatTensor;
import static io.fuzzycal.model.OnnxNodes.floatValueInfo;
import static io.fuzzycal.model.OnnxNodes.node;
import static io.fuzzycal.model.OnnxNodes.symbolic;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.Arrays;
import java.util.List;

/**
 * A linear classifier on pooled embeddings: {@code logits = x · W + b}.
 *
 * @param weights [inputs][classes]
 * @param bias [classes]
 */
public record LinearHead(double[][] weights, double[] bias) {

    public LinearHead {
        if (weights.length == 0 || bias.length < 2) {
            throw new IllegalArgumentException("a head needs at least one input and two classes");
        }
        for (double[] row : weights) {
            if (row.length != bias.length) {
                throw new IllegalArgumentException("every weight row must have " + bias.length + " entries");
            }
        }
        weights = Arrays.stream(weights).map(double[]::clone).toArray(double[][]::new);
        bias = bias.clone();
    }

    public int inputs() {
        return weights.length;
    }

    public int classes() {
        return bias.length;
    }

    @Override
    public double[][] weights() {
        return Arrays.stream(weights).map(double[]::clone).toArray(double[][]::new);
    }

    @Override
    public double[] bias() {
        return bias.clone();
    }

    /** The logits of one embedding, in double precision. */
    public double[] logits(float[] x) {
        if (x.length != weights.length) {
            throw new IllegalArgumentException("expected " + weights.length + " inputs, got " + x.length);
        }
        double[] z = bias.clone();
        for (int j = 0; j < x.length; j++) {
            for (int k = 0; k < z.length; k++) {
                z[k] += x[j] * weights[j][k];
            }
        }
        return z;
    }

    /**
     * Appends this head to a graph whose output is {@code pooled}: a MatMul with a constant
     * [inputs, classes] weight (which the INT4 quantizer turns into MatMulNBits like every other)
     * and an Add. The graph's only output becomes {@code logits} [batch, classes].
     */
    ModelProto appendTo(ModelProto pooledGraph) {
        long width = SentencePooling.width(pooledGraph);
        if (width != weights.length) {
            throw new IllegalArgumentException("the pooled output has width " + width + " but the head takes " + weights.length);
        }
        float[] w = new float[weights.length * bias.length];
        for (int j = 0; j < weights.length; j++) {
            for (int k = 0; k < bias.length; k++) {
                w[j * bias.length + k] = (float) weights[j][k];
            }
        }
        float[] b = new float[bias.length];
        for (int k = 0; k < b.length; k++) {
            b[k] = (float) bias[k];
        }
        GraphProto graph = pooledGraph.getGraph();
        String batch = graph.getOutput(0).getType().getTensorType().getShape().getDim(0).getDimParam();
        GraphProto.Builder g = graph.toBuilder().clearOutput();
        g.addInitializer(floatTensor("classifier.weight", new long[] {weights.length, bias.length}, w));
        g.addInitializer(floatTensor("classifier.bias", new long[] {bias.length}, b));
        g.addNode(node("MatMul", "/classifier/MatMul", List.of(SentencePooling.OUTPUT, "classifier.weight"),
                "/classifier/MatMul_output_0"));
        g.addNode(node("Add", "/classifier/Add", List.of("/classifier/MatMul_output_0", "classifier.bias"),
                InferenceEngine.LOGITS));
        g.addOutput(floatValueInfo(InferenceEngine.LOGITS, symbolic(batch.isEmpty() ? "batch_size" : batch), fixed(bias.length)));
        return pooledGraph.toBuilder().setGraph(g).build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LinearHead h && Arrays.deepEquals(weights, h.weights) && Arrays.equals(bias, h.bias);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.deepHashCode(weights) + Arrays.hashCode(bias);
    }

    @Override
    public String toString() {
        return "LinearHead[" + weights.length + " → " + bias.length + "]";
    }
}
