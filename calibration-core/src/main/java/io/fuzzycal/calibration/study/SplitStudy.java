package io.fuzzycal.calibration.study;

import io.fuzzycal.calibration.CalibrationMethods;
import io.fuzzycal.calibration.CalibrationSet;
import io.fuzzycal.calibration.Calibrator;
import io.fuzzycal.calibration.FittedCalibrator;
import io.fuzzycal.calibration.PriorCorrection;
import io.fuzzycal.calibration.metrics.CalibrationMeasures;
import java.util.ArrayList;
import java.util.List;

/**
 * The statistically honest study: many stratified half splits, every method fitted on the same FP32
 * calibration rows of each split (optionally a stratified sample of them) and scored on the same
 * FP32 and INT4 test rows, so methods can be compared by paired differences rather than by
 * means whose split-to-split spread (~0.008 ECE) swamps their gaps.
 */
public final class SplitStudy {

    /** A named way to fit; the name is what tables show. */
    public record Candidate(String name, Calibrator calibrator) {
    }

    /** Told before each size's splits. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (size, split, splits) -> { };

        void split(int requestedRows, int split, int splits);
    }

    private SplitStudy() {
    }

    public static SplitResult run(StudyData data, SplitSettings settings, Progress progress) {
        List<Candidate> candidates = new ArrayList<>();
        for (String m : settings.methods()) {
            candidates.add(new Candidate(m, CalibrationMethods.create(m, settings.options())));
        }
        return run(data, settings, candidates, progress);
    }

    /** Runs the given candidates (research variants) on the settings' splits and sizes. */
    public static SplitResult run(StudyData data, SplitSettings settings, List<Candidate> candidates, Progress progress) {
        int n = settings.splits();
        int c = data.fp32().numClasses();
        int[] labels = data.fp32().labels();
        List<SplitResult.SizeRun> sizes = new ArrayList<>();
        for (int size : settings.calibrationSizes()) {
            double[][][] m = new double[candidates.size()][7][n];
            List<List<String>> chosen = new ArrayList<>();
            int[] refusals = new int[candidates.size()];
            candidates.forEach(x -> chosen.add(new ArrayList<>()));
            int calRows = 0;
            int testRows = 0;
            for (int s = 0; s < n; s++) {
                progress.split(size, s, n);
                long seed = settings.firstSeed() + s;
                StratifiedSplit split = StratifiedSplit.halves(labels, c, seed);
                int[] calIdx = size == SplitSettings.ALL_ROWS ? split.calibration()
                        : StratifiedSplit.subsample(split.calibration(), labels, c, size, seed);
                CalibrationSet cal = data.fp32().subset(calIdx);
                CalibrationSet calInt4 = data.int4().subset(calIdx);
                int[] testIdx = split.test();
                int[] held = null;
                if (settings.supervisedRows() > 0) {
                    // Held apart from scoring for every method, so the comparison stays paired.
                    held = StratifiedSplit.subsample(testIdx, labels, c, settings.supervisedRows(), ~seed);
                    java.util.Set<Integer> heldSet = new java.util.HashSet<>();
                    for (int h : held) {
                        heldSet.add(h);
                    }
                    testIdx = java.util.Arrays.stream(testIdx).filter(i -> !heldSet.contains(i)).toArray();
                }
                CalibrationSet testFp32 = data.fp32().subset(testIdx);
                CalibrationSet testInt4 = data.int4().subset(testIdx);
                CalibrationSet supervisedFp32 = held == null ? null : data.fp32().subset(held);
                CalibrationSet supervisedInt4 = held == null ? null : data.int4().subset(held);
                if (s == 0) {
                    calRows = cal.size();
                    testRows = testFp32.size();
                }
                for (int j = 0; j < candidates.size(); j++) {
                    long t0 = System.nanoTime();
                    FittedCalibrator map = candidates.get(j).calibrator().fit(cal, seed);
                    m[j][6][s] = (System.nanoTime() - t0) / 1e9;
                    chosen.get(j).add(map.method());
                    refusals[j] += score(map, testFp32, supervisedFp32, settings.bins(), m[j], 0, s);
                    // The map is FP32's; a prior estimator reads INT4 outputs through INT4's own confusion matrix.
                    refusals[j] += score(PriorCorrection.forVariant(map, calInt4), testInt4, supervisedInt4,
                            settings.bins(), m[j], 1, s);
                }
            }
            List<SplitResult.MethodSeries> series = new ArrayList<>();
            for (int j = 0; j < candidates.size(); j++) {
                double[][] v = m[j];
                series.add(new SplitResult.MethodSeries(candidates.get(j).name(), v[0], v[1], v[2], v[3], v[4], v[5],
                        v[6], chosen.get(j), refusals[j]));
            }
            sizes.add(new SplitResult.SizeRun(size, calRows, testRows, series));
        }
        return new SplitResult(n, settings.firstSeed(), sizes);
    }

    /**
     * Adapts a {@code +prior} map to the test rows without their labels (a supervised one to the
     * held-apart labelled rows), then writes ECE into {@code v[variant]}, NLL into
     * {@code v[2 + variant]}, accuracy into {@code v[4 + variant]}; returns 1 if the prior guard
     * refused the correction.
     */
    private static int score(FittedCalibrator fitted, CalibrationSet test, CalibrationSet labelledTarget, int bins,
                             double[][] v, int variant, int s) {
        PriorCorrection.Adaptation a = PriorCorrection.needsTargetLabels(fitted)
                ? PriorCorrection.adaptWithReport(fitted, requireSlice(labelledTarget))
                : PriorCorrection.adaptWithReport(fitted, test.withoutLabels());
        double[][] p = a.map().calibrate(test);
        int[] y = test.labels();
        v[variant][s] = CalibrationMeasures.ece(p, y, bins);
        v[2 + variant][s] = CalibrationMeasures.nll(p, y);
        v[4 + variant][s] = CalibrationMeasures.accuracy(p, y);
        return a.refused() ? 1 : 0;
    }

    private static CalibrationSet requireSlice(CalibrationSet slice) {
        if (slice == null) {
            throw new IllegalArgumentException("a supervised target prior needs labelled target rows: set supervised rows");
        }
        return slice;
    }
}
