package io.fuzzycal.calibration;

import io.fuzzycal.calibration.optim.Adam;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The {@code fuzzy} method: the fuzzy-gated log-space affine calibrator (see {@link FuzzyGatedMap}).
 *
 * <p>Fit: regions start as the identity map with centres at evenly spaced quantiles of the training
 * confidences; Adam on shuffled mini-batches minimises {@link FuzzyObjective}; after every epoch the
 * objective on an internal validation split decides early stopping, and the best epoch's parameters
 * are kept. Everything random draws from one {@link SplittableRandom} seeded by the caller.
 */
public final class FuzzyGatedCalibrator extends AbstractCalibrator {
    /** Below this many rows per side the validation split is skipped and the training objective selects. */
    private static final int MIN_SPLIT_ROWS = 20;
    private static final double MIN_WIDTH = 0.02;

    private final FuzzyOptions options;

    public FuzzyGatedCalibrator(FuzzyOptions options) {
        this.options = options;
    }

    @Override
    public String method() {
        return CalibrationMethods.FUZZY;
    }

    /** How a fit went; see {@link #fitWithReport}. */
    public record FitReport(int epochs, int bestEpoch, double bestObjective, boolean stoppedEarly) {
    }

    /** A fit and its report, for callers that show progress or log how training went. */
    public record Fit(FittedCalibrator calibrator, FitReport report) {
    }

    @Override
    FittedCalibrator fitUnguarded(CalibrationSet data, long seed) {
        return train(data, seed).calibrator();
    }

    /** Fits (with the identity guard of {@link #fit}) and says how training went. */
    public Fit fitWithReport(CalibrationSet data, long seed) {
        requireLabelled(data);
        Fit raw = train(data, seed);
        return new Fit(guarded(raw.calibrator(), data), raw.report());
    }

    private Fit train(CalibrationSet data, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = data.size();
        int[] order = permutation(n, random);
        int nVal = (int) Math.round(n * options.validationFraction());
        if (nVal < MIN_SPLIT_ROWS || n - nVal < MIN_SPLIT_ROWS) {
            nVal = 0;
        }
        int[] validation = Arrays.copyOfRange(order, 0, nVal);
        int[] train = Arrays.copyOfRange(order, nVal, n);
        int[] selection = nVal > 0 ? validation : train;

        FuzzyObjective objective = new FuzzyObjective(data, options.regions(), options.weights(),
                options.softBins(), options.l2());
        double[] theta = objective.parametersOf(initialMap(data.numClasses(), objective, train));
        double[] grad = new double[theta.length];
        Adam adam = new Adam(theta.length, options.learningRate());

        double[] best = theta.clone();
        double bestValue = objective.evaluate(theta, selection, 0, selection.length, null);
        int bestEpoch = 0;
        int sinceBest = 0;
        int epoch = 0;
        boolean stoppedEarly = false;
        while (epoch < options.maxEpochs()) {
            epoch++;
            shuffle(train, random);
            for (int from = 0; from < train.length; from += options.batchSize()) {
                int to = Math.min(train.length, from + options.batchSize());
                double v = objective.evaluate(theta, train, from, to, grad);
                if (!Double.isFinite(v)) {
                    break;
                }
                adam.step(theta, grad);
            }
            double value = objective.evaluate(theta, selection, 0, selection.length, null);
            if (!Double.isFinite(value)) {
                stoppedEarly = true;
                break;
            }
            if (value < bestValue - 1e-9) {
                bestValue = value;
                best = theta.clone();
                bestEpoch = epoch;
                sinceBest = 0;
            } else if (++sinceBest >= options.patience()) {
                stoppedEarly = true;
                break;
            }
        }
        return new Fit(objective.toMap(best), new FitReport(epoch, bestEpoch, bestValue, stoppedEarly));
    }

    /** Identity regions, centres at the (r + ½)/K quantiles of the training confidences. */
    private FuzzyGatedMap initialMap(int c, FuzzyObjective objective, int[] train) {
        int k = options.regions();
        double[] conf = new double[train.length];
        for (int i = 0; i < train.length; i++) {
            conf[i] = objective.rawConfidence(train[i]);
        }
        Arrays.sort(conf);
        double[] centres = new double[k];
        for (int r = 0; r < k; r++) {
            centres[r] = conf[(int) Math.min(conf.length - 1, Math.floor((r + 0.5) / k * conf.length))];
        }
        double spread = conf[(int) (0.975 * (conf.length - 1))] - conf[(int) (0.025 * (conf.length - 1))];
        double[] widths = new double[k];
        Arrays.fill(widths, Math.max(MIN_WIDTH, spread / k));
        return FuzzyGatedMap.identity(c, centres, widths);
    }

    @Override
    FittedCalibrator identityLike(FittedCalibrator fitted) {
        FuzzyGatedMap m = (FuzzyGatedMap) fitted;
        return FuzzyGatedMap.identity(m.numClasses(), m.centres(), m.widths());
    }

    private static int[] permutation(int n, SplittableRandom random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffle(p, random);
        return p;
    }

    private static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
