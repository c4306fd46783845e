package io.fuzzycal.calibration.study;

import io.fuzzycal.calibration.CalibrationMethods;
import io.fuzzycal.calibration.CalibrationSet;
import io.fuzzycal.calibration.Calibrator;
import io.fuzzycal.calibration.FittedCalibrator;
import io.fuzzycal.calibration.PriorCorrection;
import io.fuzzycal.calibration.metrics.CalibrationMetrics;
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
                CalibrationSet testFp32 = data.fp32().subset(split.test());
                CalibrationSet testInt4 = data.int4().subset(split.test());
                if (s == 0) {
                    calRows = cal.size();
                    testRows = testFp32.size();
                }
                for (int j = 0; j < candidates.size(); j++) {
                    long t0 = System.nanoTime();
                    FittedCalibrator map = candidates.get(j).calibrator().fit(cal, seed);
                    m[j][6][s] = (System.nanoTime() - t0) / 1e9;
                    chosen.get(j).add(map.method());
                    score(PriorCorrection.adapt(map, testFp32), testFp32, settings.bins(), m[j], 0, s);
                    score(PriorCorrection.adapt(map, testInt4), testInt4, settings.bins(), m[j], 1, s);
                }
            }
            List<SplitResult.MethodSeries> series = new ArrayList<>();
            for (int j = 0; j < candidates.size(); j++) {
                double[][] v = m[j];
                series.add(new SplitResult.MethodSeries(candidates.get(j).name(), v[0], v[1], v[2], v[3], v[4], v[5],
                        v[6], chosen.get(j)));
            }
            sizes.add(new SplitResult.SizeRun(size, calRows, testRows, series));
        }
        return new SplitResult(n, settings.firstSeed(), sizes);
    }

    /** Writes ECE into {@code v[variant]}, NLL into {@code v[2 + variant]}, accuracy into {@code v[4 + variant]}. */
    private static void score(FittedCalibrator map, CalibrationSet test, int bins, double[][] v, int variant, int s) {
        double[][] p = map.calibrate(test);
        int[] y = test.labels();
        v[variant][s] = CalibrationMetrics.ece(p, y, bins);
        v[2 + variant][s] = CalibrationMetrics.nll(p, y);
        v[4 + variant][s] = CalibrationMetrics.accuracy(p, y);
    }
}
