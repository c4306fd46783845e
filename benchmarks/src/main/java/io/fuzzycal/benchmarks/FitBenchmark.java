package io.fuzzycal.benchmarks;

import io.fuzzycal.calibration.CalibrationMethods;
import io.fuzzycal.calibration.CalibrationSet;
import io.fuzzycal.calibration.Calibrator;
import io.fuzzycal.calibration.FittedCalibrator;
import io.fuzzycal.calibration.FuzzyGatedCalibrator;
import io.fuzzycal.calibration.FuzzyOptions;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to fit each method on 10,000 rows. {@code fuzzy-200} disables early stopping so that it runs
 * all 200 epochs (the target's worst case); {@code fuzzy} is the default, with early stopping.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class FitBenchmark {
    @Param({"temperature", "affine", "dirichlet", "fuzzy", "fuzzy-200"})
    public String method;

    private Calibrator calibrator;
    private CalibrationSet data;

    @Setup
    public void prepare() {
        data = BenchmarkData.threeClass(10_000, 3);
        calibrator = method.equals("fuzzy-200")
                ? new FuzzyGatedCalibrator(FuzzyOptions.defaults().withMaxEpochs(200).withPatience(200))
                : CalibrationMethods.create(method);
    }

    @Benchmark
    public FittedCalibrator fit() {
        return calibrator.fit(data, 42);
    }
}
