package io.fuzzycal.calibration.study;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.fuzzycal.calibration.FittedCalibrator;
import io.fuzzycal.calibration.compare.MethodResult;
import java.util.List;

/**
 * Everything the study measured.
 *
 * @param rows labelled texts in the study
 * @param classes number of classes
 * @param argmaxAgreement share of texts whose FP32 and INT4 top class agree (raw outputs)
 * @param settings what was run
 * @param runs one entry per seed
 * @param summary per method, mean ± std over the seeds, in table order
 */
public record StudyResult(int rows, int classes, double argmaxAgreement, StudySettings settings,
                          List<SeedRun> runs, List<MethodSummary> summary) {
    public StudyResult {
        runs = List.copyOf(runs);
        summary = List.copyOf(summary);
    }

    /** One seed: its split and every method fitted on the FP32 calibration half. */
    public record SeedRun(long seed, int calibrationRows, int testRows, List<Transfer> results) {
        public SeedRun {
            results = List.copyOf(results);
        }
    }

    /**
     * One calibrator, fitted on FP32 and scored on the FP32 and the INT4 test half.
     *
     * @param calibrator the map itself (fitted on this seed's FP32 calibration half), for writing out;
     *                   not part of the results' JSON
     */
    public record Transfer(String method, MethodResult fp32, MethodResult int4, @JsonIgnore FittedCalibrator calibrator) {
    }

    /** Mean and sample standard deviation over seeds (0 for one seed). */
    public record Stat(double mean, double std) {
        static Stat of(double[] values) {
            double mean = 0;
            for (double v : values) {
                mean += v;
            }
            mean /= values.length;
            double ss = 0;
            for (double v : values) {
                ss += (v - mean) * (v - mean);
            }
            return new Stat(mean, values.length > 1 ? Math.sqrt(ss / (values.length - 1)) : 0);
        }
    }

    /**
     * The research's table row and more, over seeds. {@code eceChangePercent} is
     * {@code 100 · (ECE_INT4 − ECE_FP32) / ECE_FP32} per seed.
     */
    public record MethodSummary(String method, Stat eceFp32, Stat eceInt4, Stat accuracyFp32, Stat accuracyInt4,
                                Stat eceChangePercent, Stat classwiseEceFp32, Stat classwiseEceInt4,
                                Stat brierFp32, Stat brierInt4, Stat nllFp32, Stat nllInt4) {
    }
}
