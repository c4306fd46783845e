package io.fuzzycal.calibration;

/**
 * Settings of the {@code fuzzy} fit: regions, Adam on mini-batches, early stopping on an internal
 * validation split.
 *
 * @param regions K, the number of confidence regions (5 in the research)
 * @param maxEpochs passes over the training split at most
 * @param batchSize rows per Adam step
 * @param learningRate Adam step size
 * @param patience epochs without a better validation objective before stopping; {@code maxEpochs} or more disables early stopping
 * @param validationFraction share of the rows held out for early stopping (0 to fit on all rows)
 * @param weights weights of the objective's terms
 * @param softBins bins of the soft (differentiable) ECE terms
 * @param l2 penalty on each region's distance from the identity map
 */
public record FuzzyOptions(int regions, int maxEpochs, int batchSize, double learningRate, int patience,
                           double validationFraction, LossWeights weights, int softBins, double l2) {
    public FuzzyOptions {
        require(regions >= 1, "regions must be at least 1");
        require(maxEpochs >= 1, "max epochs must be at least 1");
        require(batchSize >= 1, "batch size must be at least 1");
        require(learningRate > 0, "learning rate must be positive");
        require(patience >= 1, "patience must be at least 1");
        require(validationFraction >= 0 && validationFraction < 1, "validation fraction must be in [0, 1)");
        require(softBins >= 2, "soft bins must be at least 2");
        require(l2 >= 0, "l2 must be non-negative");
        java.util.Objects.requireNonNull(weights, "weights");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public static FuzzyOptions defaults() {
        return new FuzzyOptions(5, 200, 256, 0.01, 20, 0.2, LossWeights.defaults(), 15, 1e-4);
    }

    public FuzzyOptions withRegions(int k) {
        return new FuzzyOptions(k, maxEpochs, batchSize, learningRate, patience, validationFraction, weights, softBins, l2);
    }

    public FuzzyOptions withMaxEpochs(int epochs) {
        return new FuzzyOptions(regions, epochs, batchSize, learningRate, patience, validationFraction, weights, softBins, l2);
    }

    public FuzzyOptions withPatience(int p) {
        return new FuzzyOptions(regions, maxEpochs, batchSize, learningRate, p, validationFraction, weights, softBins, l2);
    }

    public FuzzyOptions withWeights(LossWeights w) {
        return new FuzzyOptions(regions, maxEpochs, batchSize, learningRate, patience, validationFraction, w, softBins, l2);
    }

    public FuzzyOptions withLearningRate(double lr) {
        return new FuzzyOptions(regions, maxEpochs, batchSize, lr, patience, validationFraction, weights, softBins, l2);
    }
}
