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

        CalibrationSet trainRows = nVal > 0 ? data.subset(train) : data;
        FittedCalibrator startMap = startMap(trainRows, seed);
        double[] anchor = regionBlock(startMap, data.numClasses());
        FuzzyObjective objective = new FuzzyObjective(data, options.regions(), options.weights(),
                options.softBins(), options.penaltyFor(train.length), anchor);
        CentreConstraint constraint = options.orderedCentres()
                ? new CentreConstraint(data.numClasses(), options.regions()) : null;
        double[] theta = objective.parametersOf(initialMap(data.numClasses(), objective, train, anchor));
        if (constraint != null) {
            constraint.project(theta, objective.centreOffset(), options.regions());
        }
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
                if (constraint != null) {
                    constraint.project(theta, objective.centreOffset(), options.regions());
                }
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
        FuzzyGatedMap map = objective.toMap(best);
        if (options.biasRefit()) {
            map = withBiasRefit(map, data);
        }
        return new Fit(map, new FitReport(epoch, bestEpoch, bestValue, stoppedEarly));
    }

    /** The identity, or the guarded {@code dirichlet} fit on the training rows. */
    private FittedCalibrator startMap(CalibrationSet trainRows, long seed) {
        return switch (options.start()) {
            case IDENTITY -> DirichletMap.identity(trainRows.numClasses());
            case DIRICHLET -> new DirichletCalibration(DirichletOptions.defaults()).fit(trainRows, seed);
            case TEMPERATURE -> asLogLinear(new TemperatureScaling().fit(trainRows, seed), trainRows.numClasses());
            case AUTO -> {
                FittedCalibrator pick = new AutoCalibrator(options.startChoice(), MethodOptions.defaults()).fit(trainRows, seed);
                yield asLogLinear(pick, trainRows.numClasses());
            }
        };
    }

    /** A temperature or affine map as the equivalent log-linear (Dirichlet-shaped) map; others as they are. */
    private static FittedCalibrator asLogLinear(FittedCalibrator map, int c) {
        double[] diagonal = new double[c];
        double[] bias = new double[c];
        if (map instanceof TemperatureMap t) {
            java.util.Arrays.fill(diagonal, 1.0 / t.temperature());
        } else if (map instanceof VectorScalingMap v) {
            diagonal = v.scale();
            bias = v.bias();
        } else {
            return map;
        }
        double[] w = new double[c * c];
        for (int j = 0; j < c; j++) {
            w[j * c + j] = diagonal[j];
        }
        return new DirichletMap(w, bias);
    }

    /** One region's (A row-major, b) of a log-linear start map. */
    private static double[] regionBlock(FittedCalibrator start, int c) {
        double[] v = start.parameterVector(); // DirichletMap: W row-major then b, the same layout
        if (v.length != c * c + c) {
            throw new IllegalStateException("start map has " + v.length + " parameters, expected " + (c * c + c));
        }
        return v;
    }

    /** Adds the NLL-optimal shared bias to every region (the gate weights sum to 1, so it shifts the output). */
    private static FuzzyGatedMap withBiasRefit(FuzzyGatedMap map, CalibrationSet data) {
        double[][] logs = map.calibrate(data);
        for (double[] row : logs) {
            for (int k = 0; k < row.length; k++) {
                row[k] = Math.log(Math.max(row[k], Double.MIN_NORMAL));
            }
        }
        double[] delta = BiasRefit.fit(logs, data.labels());
        int c = map.numClasses();
        int k = map.regions();
        double[] a = new double[k * c * c];
        double[] b = new double[k * c];
        for (int r = 0; r < k; r++) {
            double[][] w = map.regionWeights(r);
            double[] bias = map.regionBias(r);
            for (int i = 0; i < c; i++) {
                System.arraycopy(w[i], 0, a, r * c * c + i * c, c);
                b[r * c + i] = bias[i] + delta[i];
            }
        }
        return new FuzzyGatedMap(c, a, b, map.centres(), map.widths());
    }

    /** Every region the start map, centres at the (r + ½)/K quantiles of the training confidences. */
    private FuzzyGatedMap initialMap(int c, FuzzyObjective objective, int[] train, double[] anchor) {
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
        double[] a = new double[k * c * c];
        double[] b = new double[k * c];
        for (int r = 0; r < k; r++) {
            System.arraycopy(anchor, 0, a, r * c * c, c * c);
            System.arraycopy(anchor, c * c, b, r * c, c);
        }
        return new FuzzyGatedMap(c, a, b, centres, widths);
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
