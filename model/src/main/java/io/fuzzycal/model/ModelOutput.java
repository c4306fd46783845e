package io.fuzzycal.model;

import java.util.Arrays;

/**
 * The model's output for one text: raw logits as the graph returned them, and their softmax computed
 * in double precision. Array components: {@code equals} compares contents.
 */
public record ModelOutput(float[] logits, double[] probabilities) {

    /** The index of the largest probability (the lowest index on ties). */
    public int predictedClass() {
        int best = 0;
        for (int k = 1; k < probabilities.length; k++) {
            if (probabilities[k] > probabilities[best]) {
                best = k;
            }
        }
        return best;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelOutput p && Arrays.equals(logits, p.logits) && Arrays.equals(probabilities, p.probabilities);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(logits) + Arrays.hashCode(probabilities);
    }

    @Override
    public String toString() {
        return "ModelOutput[logits=" + Arrays.toString(logits) + ", probabilities=" + Arrays.toString(probabilities) + "]";
    }
}
