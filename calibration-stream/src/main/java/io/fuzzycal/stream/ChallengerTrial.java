package io.fuzzycal.stream;

import io.fuzzycal.calibration.CalibrationMethods;
import io.fuzzycal.calibration.CalibrationSet;
import io.fuzzycal.calibration.CalibratorJson;
import io.fuzzycal.calibration.FittedCalibrator;
import io.fuzzycal.calibration.metrics.CalibrationMeasures;
import io.fuzzycal.calibration.metrics.Metric;
import io.fuzzycal.calibration.stats.Bootstrap;
import io.fuzzycal.schemas.avro.CalibratorModel;
import io.fuzzycal.schemas.avro.FitWindow;
import io.fuzzycal.schemas.avro.HeldOutEvaluation;
import io.fuzzycal.schemas.avro.Variant;
import io.fuzzycal.schemas.avro.VariantScore;
import io.fuzzycal.stream.RefitOutcome.Rejection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One refit: fits a challenger on the FP32 rows of the window's fit slice (the research's transfer
 * setting: the same calibrator then serves every variant), scores it and the champion on the
 * held-out slice of every variant, and decides. Pure and thread-safe, so it runs off the stream
 * thread.
 */
final class ChallengerTrial {
    /** At least this many held-out FP32 labels, or the comparison is noise. */
    static final int MIN_HELD_OUT = 30;

    private ChallengerTrial() {
    }

    /** The transfer setting: one calibrator for every variant, fitted on FP32, published under the model id. */
    static RefitOutcome run(String modelId, List<LabelledDocument> window, Champion champion, RefitPolicy policy,
                            long seed, long now) {
        return run(modelId, CalibrationTarget.transfer(modelId), window, champion, champion.version() + 1, policy,
                seed, now);
    }

    /**
     * Fits and judges the challenger of {@code target}.
     *
     * @param champion the calibrator now applied to the target's variants
     * @param nextVersion the version the challenger gets if promoted
     */
    static RefitOutcome run(String modelId, CalibrationTarget target, List<LabelledDocument> window, Champion champion,
                            long nextVersion, RefitPolicy policy, long seed, long now) {
        Variant fitted = target.fittedOn();
        List<LabelledDocument> fit = new ArrayList<>();
        List<LabelledDocument> heldOut = new ArrayList<>();
        for (LabelledDocument d : window) {
            if (d.probabilities().containsKey(fitted)) {
                (HeldOutSplit.isHeldOut(d.documentId(), policy.heldOutFraction()) ? heldOut : fit).add(d);
            }
        }
        int classes = champion.calibrator().numClasses();
        Rows fitRows = Rows.of(fit, fitted, classes);
        int[] counts = new int[classes];
        for (int y : fitRows.labels) {
            counts[y]++;
        }
        for (int k = 0; k < classes; k++) {
            if (counts[k] < policy.minSamplesPerClass()) {
                return RefitOutcome.rejected(target.key(), Rejection.INSUFFICIENT_LABELS, String.format(Locale.ROOT,
                        "class %d has %d labels in the fit slice of %d, fewer than %d", k, counts[k], fitRows.size(),
                        policy.minSamplesPerClass()));
            }
        }
        if (heldOut.size() < MIN_HELD_OUT) {
            return RefitOutcome.rejected(target.key(), Rejection.INSUFFICIENT_LABELS,
                    heldOut.size() + " held-out labels, fewer than " + MIN_HELD_OUT);
        }

        FittedCalibrator challenger;
        try {
            challenger = CalibrationMethods.create(policy.method(), policy.methodOptions())
                    .fit(CalibrationSet.ofProbabilities(fitRows.probabilities, fitRows.labels), seed);
        } catch (RuntimeException e) {
            return RefitOutcome.rejected(target.key(), Rejection.FIT_FAILED, policy.method() + " fit failed: " + e);
        }
        for (double v : challenger.parameterVector()) {
            if (!Double.isFinite(v)) {
                return RefitOutcome.rejected(target.key(), Rejection.DEGENERATE, "challenger has a non-finite parameter");
            }
        }

        List<VariantScore> championScores = new ArrayList<>();
        List<VariantScore> challengerScores = new ArrayList<>();
        int scored = 0;
        String worse = null;
        double meanChange = 0;
        VariantScore fittedBefore = null;
        VariantScore fittedAfter = null;
        for (Variant v : target.evaluated()) {
            Rows rows = Rows.of(heldOut, v, classes);
            if (rows.size() == 0) {
                continue;
            }
            scored += rows.size();
            double[][] before = calibrate(champion.calibrator(), rows.probabilities);
            double[][] after = calibrate(challenger, rows.probabilities);
            if (!allFinite(after)) {
                return RefitOutcome.rejected(target.key(), Rejection.DEGENERATE,
                        "challenger gives non-finite probabilities on " + v);
            }
            VariantScore b = score(v, before, rows.labels, policy.bins());
            VariantScore a = score(v, after, rows.labels, policy.bins());
            championScores.add(b);
            challengerScores.add(a);
            if (worse == null && (a.getNll() > b.getNll() + policy.nllTolerance()
                    || eceWorse(before, after, rows.labels, policy, seed))) {
                worse = String.format(Locale.ROOT, "%s held-out NLL %.4f / ECE %.4f vs champion v%d %.4f / %.4f", v,
                        a.getNll(), a.getEce(), champion.version(), b.getNll(), b.getEce());
            }
            if (v == fitted) {
                meanChange = meanTotalVariation(before, after);
                fittedBefore = b;
                fittedAfter = a;
            }
        }
        String scores = String.format(Locale.ROOT, "%s held-out NLL %.4f -> %.4f, ECE %.4f -> %.4f, %d fitted, %d held out",
                fitted, fittedBefore.getNll(), fittedAfter.getNll(), fittedBefore.getEce(), fittedAfter.getEce(),
                fitRows.size(), heldOut.size());
        if (worse != null) {
            return RefitOutcome.rejected(target.key(), Rejection.WORSE_ON_HELD_OUT, worse);
        }
        // The limit protects a calibrator someone chose or a refit learned; replacing the identity is
        // judged by the held-out comparison alone (an over-confident model needs a big first step).
        boolean limited = !champion.method().equals(CalibrationMethods.UNCALIBRATED);
        if (limited && meanChange > policy.maxChange()) {
            return RefitOutcome.rejected(target.key(), Rejection.TOO_LARGE_CHANGE, String.format(Locale.ROOT,
                    "mean change of the probabilities %.3f exceeds %.3f (%s)", meanChange, policy.maxChange(), scores));
        }
        if (fittedAfter.getNll() >= fittedBefore.getNll() && fittedAfter.getEce() >= fittedBefore.getEce()) {
            return RefitOutcome.rejected(target.key(), Rejection.NOT_BETTER, scores);
        }

        long from = Long.MAX_VALUE;
        long to = Long.MIN_VALUE;
        for (LabelledDocument d : fit) {
            from = Math.min(from, d.predictedAt());
            to = Math.max(to, d.predictedAt() + 1);
        }
        CalibratorModel model = CalibratorModel.newBuilder()
                .setModelId(modelId)
                .setVariant(target.variant())
                .setVersion(nextVersion)
                .setMethod(challenger.method())
                .setParametersJson(CalibratorJson.write(challenger))
                .setFitWindow(FitWindow.newBuilder().setFromTime(Instant.ofEpochMilli(from))
                        .setToTime(Instant.ofEpochMilli(to)).setSamples(fitRows.size()).build())
                .setHeldOut(HeldOutEvaluation.newBuilder().setSamples(scored).setChampion(championScores)
                        .setChallenger(challengerScores).build())
                .setPromotedAt(Instant.ofEpochMilli(now))
                .build();
        return RefitOutcome.promoted(target.key(), model, scores);
    }

    /** Paired bootstrap resamples of the held-out slice behind {@link #eceWorse}. */
    static final int ECE_RESAMPLES = 200;

    /**
     * Whether the challenger's held-out ECE is worse than the champion's: by more than the policy's
     * tolerance, and beyond the slice's own noise — the paired bootstrap's 90% interval of the
     * difference lies above zero (a one-sided 5% test). ECE on a held-out fifth of a few hundred
     * labels moves by several hundredths from one resample to the next, so a challenger with a much
     * better NLL used to be refused for an ECE difference the slice cannot measure; NLL, a proper
     * score with far less noise, keeps its plain tolerance.
     */
    static boolean eceWorse(double[][] champion, double[][] challenger, int[] y, RefitPolicy policy, long seed) {
        double difference = CalibrationMeasures.ece(challenger, y, policy.bins()) - CalibrationMeasures.ece(champion, y, policy.bins());
        if (difference <= policy.eceTolerance()) {
            return false;
        }
        return Bootstrap.pairedDifference(challenger, champion, y, Metric.ECE, policy.bins(), ECE_RESAMPLES, 0.90, seed)
                .lower() > 0;
    }

    private static VariantScore score(Variant v, double[][] p, int[] y, int bins) {
        return VariantScore.newBuilder().setVariant(v).setEce(CalibrationMeasures.ece(p, y, bins))
                .setNll(CalibrationMeasures.nll(p, y)).build();
    }

    private static double[][] calibrate(FittedCalibrator c, double[][] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = c.calibrate(rows[i]);
        }
        return out;
    }

    private static boolean allFinite(double[][] p) {
        for (double[] row : p) {
            double sum = 0;
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    return false;
                }
                sum += v;
            }
            if (Math.abs(sum - 1) > 1e-6) {
                return false;
            }
        }
        return true;
    }

    private static double meanTotalVariation(double[][] a, double[][] b) {
        double total = 0;
        for (int i = 0; i < a.length; i++) {
            double d = 0;
            for (int k = 0; k < a[i].length; k++) {
                d += Math.abs(a[i][k] - b[i][k]);
            }
            total += d / 2;
        }
        return a.length == 0 ? 0 : total / a.length;
    }

    /** The rows of one variant with the model's class count. */
    private record Rows(double[][] probabilities, int[] labels) {
        static Rows of(List<LabelledDocument> docs, Variant v, int classes) {
            List<double[]> p = new ArrayList<>();
            List<Integer> y = new ArrayList<>();
            for (LabelledDocument d : docs) {
                double[] row = d.probabilities().get(v);
                if (row != null && row.length == classes) {
                    p.add(row);
                    y.add(d.label());
                }
            }
            return new Rows(p.toArray(double[][]::new), y.stream().mapToInt(Integer::intValue).toArray());
        }

        int size() {
            return labels.length;
        }
    }
}
