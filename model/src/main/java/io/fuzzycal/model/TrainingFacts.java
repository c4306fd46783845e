package io.fuzzycal.model;

/**
 * How a head was trained, kept beside its weights so a committed head can be checked and reproduced.
 *
 * @param dataFile the training file's name
 * @param dataSha256 SHA-256 of its bytes
 * @param encoderSha256 SHA-256 of the encoder ONNX file the embeddings came from
 * @param rows training rows
 * @param trainAccuracy accuracy of the head on its own training rows
 * @param validRows validation rows, 0 when none were given
 * @param validAccuracy accuracy on them (NaN when none)
 * @param validEce top-label ECE, 15 equal-width bins, on them (NaN when none)
 * @param l2 the L2 strength on the (standardised) weights
 * @param seed seeds the random start of the optimiser
 * @param iterations L-BFGS iterations taken
 * @param loss the final objective value
 * @param converged whether L-BFGS met its tolerance
 * @param maxLength tokens per text
 * @param batchSize texts per embedding batch
 * @param intraOpThreads ONNX Runtime threads used for the embeddings
 */
public record TrainingFacts(String dataFile, String dataSha256, String encoderSha256, int rows, double trainAccuracy,
                            int validRows, double validAccuracy, double validEce, double l2, long seed, int iterations,
                            double loss, boolean converged, int maxLength, int batchSize, int intraOpThreads) {
}
