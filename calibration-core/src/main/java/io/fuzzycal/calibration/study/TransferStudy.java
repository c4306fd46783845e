package io.fuzzycal.calibration.study;

import io.fuzzycal.calibration.CalibrationMethods;
import io.fuzzycal.calibration.CalibrationSet;
import io.fuzzycal.calibration.FittedCalibrator;
import io.fuzzycal.calibration.PriorCorrection;
import io.fuzzycal.calibration.TargetPrior;
import io.fuzzycal.calibration.compare.ComparisonSettings;
import io.fuzzycal.calibration.compare.MethodComparison;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The research pipeline: per seed, split the texts into stratified calibration and test halves;
 * fit every method on the FP32 calibration half; score it on the FP32 and on the INT4 test half.
 * Each method is also scored followed by class-prior correction ({@code +prior}, target prior
 * estimated on each test half without labels, by BBSE unless the options say otherwise, and guarded), reusing the fitted base map.
 */
public final class TransferStudy {

    /** Told before each fit. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (seed, method, done, total) -> { };

        void fitting(long seed, String method, int done, int total);
    }

    private TransferStudy() {
    }

    public static StudyResult run(StudyData data, StudySettings settings, Progress progress) {
        int total = settings.seeds().size() * settings.methods().size();
        int done = 0;
        List<StudyResult.SeedRun> runs = new ArrayList<>();
        int[] labels = data.fp32().labels();
        for (long seed : settings.seeds()) {
            StratifiedSplit split = StratifiedSplit.halves(labels, data.fp32().numClasses(), seed);
            CalibrationSet cal = data.fp32().subset(split.calibration());
            CalibrationSet testFp32 = data.fp32().subset(split.test());
            CalibrationSet testInt4 = data.int4().subset(split.test());
            // Only the scoring fields matter to MethodComparison.score; the method list is a placeholder.
            ComparisonSettings scoring = new ComparisonSettings(List.of(CalibrationMethods.UNCALIBRATED),
                    settings.options(), seed, settings.bins(), settings.bootstrapResamples(), ComparisonSettings.DEFAULT_LEVEL);
            double[] sourcePrior = PriorCorrection.estimateFromLabels(cal.labels(), cal.numClasses());
            List<StudyResult.Transfer> results = new ArrayList<>();
            for (String method : settings.methods()) {
                progress.fitting(seed, method, done++, total);
                FittedCalibrator base = CalibrationMethods.create(method, settings.options()).fit(cal, seed);
                FittedCalibrator withPrior = withPrior(base, cal, sourcePrior, settings.options().targetPrior());
                results.add(transfer(method, base, testFp32, testInt4, scoring));
                String priorName = method.equals(CalibrationMethods.UNCALIBRATED) ? CalibrationMethods.PRIOR
                        : method + CalibrationMethods.PRIOR_SUFFIX;
                results.add(transfer(priorName, withPrior, testFp32, testInt4, scoring,
                        PriorCorrection.forVariant(withPrior, data.int4().subset(split.calibration()))));
            }
            runs.add(new StudyResult.SeedRun(seed, cal.size(), testFp32.size(), results));
        }
        progress.fitting(settings.seeds().get(settings.seeds().size() - 1), "done", total, total);
        return new StudyResult(data.fp32().size(), data.fp32().numClasses(), data.argmaxAgreement(), settings, runs,
                summarise(runs));
    }

    /** The base map followed by the settings' prior correction, its fit-time checks run on the calibration half. */
    static FittedCalibrator withPrior(FittedCalibrator base, CalibrationSet cal, double[] sourcePrior, TargetPrior target) {
        return switch (target.kind()) {
            case GIVEN -> PriorCorrection.compose(base, sourcePrior, target.values());
            case UNIFORM -> PriorCorrection.compose(base, sourcePrior, uniform(cal.numClasses()));
            case EM, BBSE -> PriorCorrection.composeEstimated(base, cal, target.kind());
            case SUPERVISED -> throw new IllegalArgumentException("the transfer study scores whole test halves; a"
                    + " supervised target prior needs labelled target rows apart from them");
        };
    }

    private static double[] uniform(int c) {
        double[] u = new double[c];
        java.util.Arrays.fill(u, 1.0 / c);
        return u;
    }

    private static StudyResult.Transfer transfer(String name, FittedCalibrator map, CalibrationSet fp32,
                                                 CalibrationSet int4, ComparisonSettings scoring) {
        return transfer(name, map, fp32, int4, scoring, map);
    }

    /** {@code int4Map}: the same map, its prior estimator (if any) reading INT4 through INT4's confusion matrix. */
    private static StudyResult.Transfer transfer(String name, FittedCalibrator map, CalibrationSet fp32,
                                                 CalibrationSet int4, ComparisonSettings scoring,
                                                 FittedCalibrator int4Map) {
        return new StudyResult.Transfer(name, MethodComparison.score(name, map, fp32, scoring),
                MethodComparison.score(name, int4Map, int4, scoring), map);
    }

    private static List<StudyResult.MethodSummary> summarise(List<StudyResult.SeedRun> runs) {
        Map<String, List<StudyResult.Transfer>> byMethod = new LinkedHashMap<>();
        for (StudyResult.SeedRun run : runs) {
            for (StudyResult.Transfer t : run.results()) {
                byMethod.computeIfAbsent(t.method(), m -> new ArrayList<>()).add(t);
            }
        }
        List<StudyResult.MethodSummary> out = new ArrayList<>();
        byMethod.forEach((method, ts) -> out.add(new StudyResult.MethodSummary(method,
                stat(ts, t -> t.fp32().metrics().ece()),
                stat(ts, t -> t.int4().metrics().ece()),
                stat(ts, t -> t.fp32().metrics().accuracy()),
                stat(ts, t -> t.int4().metrics().accuracy()),
                stat(ts, t -> 100 * (t.int4().metrics().ece() - t.fp32().metrics().ece()) / t.fp32().metrics().ece()),
                stat(ts, t -> t.fp32().metrics().classwiseEce()),
                stat(ts, t -> t.int4().metrics().classwiseEce()),
                stat(ts, t -> t.fp32().metrics().brier()),
                stat(ts, t -> t.int4().metrics().brier()),
                stat(ts, t -> t.fp32().metrics().nll()),
                stat(ts, t -> t.int4().metrics().nll()))));
        return out;
    }

    private static StudyResult.Stat stat(List<StudyResult.Transfer> ts, ToDoubleFunction<StudyResult.Transfer> f) {
        return StudyResult.Stat.of(ts.stream().mapToDouble(f).toArray());
    }
}
