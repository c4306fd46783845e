package io.fuzzycal.calibration;

import java.util.Objects;

/**
 * Settings of the {@code fuzzy} fit: regions, Adam on mini-batches, the start map and what keeps the
 * fit near it, and the steps around the gradient descent.
 *
 * @param regions K, the number of confidence regions (5 in the research)
 * @param maxEpochs passes over the training rows at most
 * @param batchSize rows per Adam step
 * @param learningRate Adam step size
 * @param patience epochs without a better selection objective before stopping; {@code maxEpochs} or more disables early stopping
 * @param validationFraction share of the rows held out to select the epoch (0: train on all rows, select on them)
 * @param weights weights of the objective's terms
 * @param softBins bins of the soft (differentiable) ECE terms
 * @param l2 penalty on each region's squared distance from the start map (shrinkage toward it)
 * @param shrinkageRows more of that penalty, divided by the training rows: like a prior worth this many
 *     rows, it holds a small window near the start map and lets a large one move the regions apart
 * @param start the map every region starts from (and is shrunk toward)
 * @param orderedCentres keep the centres ordered, apart, and inside the reachable confidences [1/C, 1]
 * @param biasRefit after training, refit one bias shared by all regions for NLL (fixes the label marginal)
 * @param startChoice how {@link Start#AUTO} picks the start map: its candidates (log-linear methods:
 *     temperature, affine, dirichlet), fold criterion and rule
 */
public record FuzzyOptions(int regions, int maxEpochs, int batchSize, double learningRate, int patience,
                           double validationFraction, LossWeights weights, int softBins, double l2,
                           double shrinkageRows, Start start, boolean orderedCentres, boolean biasRefit,
                           AutoOptions startChoice) {

    /**
     * The start-map choice of the default: fold NLL (smoother than ECE on small folds) among the three
     * log-linear maps, with the paired one-standard-error rule (docs/study.md).
     */
    public static final AutoOptions START_CHOICE = new AutoOptions(5, java.util.List.of(CalibrationMethods.TEMPERATURE,
            CalibrationMethods.AFFINE, CalibrationMethods.DIRICHLET), AutoOptions.Criterion.NLL,
            AutoOptions.Rule.PAIRED_ONE_SE);

    /** The map each region starts from. */
    public enum Start {
        /** Every region the identity, as in the research. */
        IDENTITY,
        /** Every region the {@code dirichlet} fit on the same rows. */
        DIRICHLET,
        /** Every region the {@code temperature} fit on the same rows ({@code A = I/T}). */
        TEMPERATURE,
        /**
         * Temperature, affine or Dirichlet, whichever 5-fold cross-validated NLL prefers on the same rows
         * under the paired one-standard-error rule (the simpler when they tie): the gates then refine the
         * simplest global map the data support.
         */
        AUTO
    }

    public FuzzyOptions {
        require(regions >= 1, "regions must be at least 1");
        require(maxEpochs >= 1, "max epochs must be at least 1");
        require(batchSize >= 1, "batch size must be at least 1");
        require(learningRate > 0, "learning rate must be positive");
        require(patience >= 1, "patience must be at least 1");
        require(validationFraction >= 0 && validationFraction < 1, "validation fraction must be in [0, 1)");
        require(softBins >= 2, "soft bins must be at least 2");
        require(l2 >= 0, "l2 must be non-negative");
        require(shrinkageRows >= 0, "shrinkage rows must be non-negative");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(startChoice, "startChoice");
        for (String m : startChoice.candidates()) {
            require(!m.equals(CalibrationMethods.FUZZY), "the fuzzy start map is chosen among log-linear maps, not fuzzy");
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * The measured best on 30 paired splits (docs/study.md): every row for 100 epochs (no holdout),
     * every region started at temperature or Dirichlet (cross-validated), shrunk toward that start
     * worth 12,000 rows (l2 ≈ 10 on the study's 1,193-row halves, 1.2 on 10,000 rows), centres ordered
     * inside [1/C, 1]. No final bias refit: it cost INT4 ECE.
     */
    public static FuzzyOptions defaults() {
        return research().withStart(Start.AUTO).withL2(0).withShrinkageRows(12_000).withOrderedCentres(true)
                .withMaxEpochs(100).withAllRows();
    }

    /** The research's recipe: identity start, early stopping on a random 20% of the rows. */
    public static FuzzyOptions research() {
        return new FuzzyOptions(5, 200, 256, 0.01, 20, 0.2, LossWeights.defaults(), 15, 1e-4, 0,
                Start.IDENTITY, false, false, START_CHOICE);
    }

    public FuzzyOptions withRegions(int k) {
        return new FuzzyOptions(k, maxEpochs, batchSize, learningRate, patience, validationFraction, weights, softBins, l2,
                shrinkageRows, start, orderedCentres, biasRefit, startChoice);
    }

    public FuzzyOptions withMaxEpochs(int epochs) {
        return new FuzzyOptions(regions, epochs, batchSize, learningRate, patience, validationFraction, weights, softBins,
                l2, shrinkageRows, start, orderedCentres, biasRefit, startChoice);
    }

    public FuzzyOptions withPatience(int p) {
        return new FuzzyOptions(regions, maxEpochs, batchSize, learningRate, p, validationFraction, weights, softBins, l2,
                shrinkageRows, start, orderedCentres, biasRefit, startChoice);
    }

    public FuzzyOptions withWeights(LossWeights w) {
        return new FuzzyOptions(regions, maxEpochs, batchSize, learningRate, patience, validationFraction, w, softBins, l2,
                shrinkageRows, start, orderedCentres, biasRefit, startChoice);
    }

    public FuzzyOptions withLearningRate(double lr) {
        return new FuzzyOptions(regions, maxEpochs, batchSize, lr, patience, validationFraction, weights, softBins, l2,
                shrinkageRows, start, orderedCentres, biasRefit, startChoice);
    }

    public FuzzyOptions withValidationFraction(double f) {
        return new FuzzyOptions(regions, maxEpochs, batchSize, learningRate, patience, f, weights, softBins, l2,
                shrinkageRows, start, orderedCentres, biasRefit, startChoice);
    }

    public FuzzyOptions withL2(double penalty) {
        return new FuzzyOptions(regions, maxEpochs, batchSize, learningRate, patience, validationFraction, weights,
                softBins, penalty, shrinkageRows, start, orderedCentres, biasRefit, startChoice);
    }

    public FuzzyOptions withShrinkageRows(double rows) {
        return new FuzzyOptions(regions, maxEpochs, batchSize, learningRate, patience, validationFraction, weights,
                softBins, l2, rows, start, orderedCentres, biasRefit, startChoice);
    }

    /** The penalty per squared unit of distance from the start map for a fit on {@code rows} rows. */
    public double penaltyFor(int rows) {
        return l2 + shrinkageRows / Math.max(1, rows);
    }

    public FuzzyOptions withStart(Start s) {
        return new FuzzyOptions(regions, maxEpochs, batchSize, learningRate, patience, validationFraction, weights,
                softBins, l2, shrinkageRows, s, orderedCentres, biasRefit, startChoice);
    }

    public FuzzyOptions withOrderedCentres(boolean on) {
        return new FuzzyOptions(regions, maxEpochs, batchSize, learningRate, patience, validationFraction, weights,
                softBins, l2, shrinkageRows, start, on, biasRefit, startChoice);
    }

    public FuzzyOptions withBiasRefit(boolean on) {
        return new FuzzyOptions(regions, maxEpochs, batchSize, learningRate, patience, validationFraction, weights,
                softBins, l2, shrinkageRows, start, orderedCentres, on, startChoice);
    }

    public FuzzyOptions withStartChoice(AutoOptions choice) {
        return new FuzzyOptions(regions, maxEpochs, batchSize, learningRate, patience, validationFraction, weights,
                softBins, l2, shrinkageRows, start, orderedCentres, biasRefit, choice);
    }

    /** Every row trains for all epochs: no holdout, no early stopping. */
    public FuzzyOptions withAllRows() {
        return withValidationFraction(0).withPatience(Math.max(patience, maxEpochs));
    }
}
