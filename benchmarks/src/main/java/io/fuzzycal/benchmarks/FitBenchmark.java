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
 * Time to fit each method on 10,000 rows. {@code fuzzy} is the default (all rows, 100 epochs, start
 * map cross-validated); {@code fuzzy-research} is the research's recipe (early stopping on 20%);
 * {@code auto} cross-validates every candidate, then fits the pick.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class FitBenchmark {
    @Param({"temperature", "affine", "dirichlet", "fuzzy", "fuzzy-research", "auto"})
    public String method;

    private Calibrator calibrator;
    private CalibrationSet data;

    @Setup
    public void prepare() {
        data = BenchmarkData.threeClass(10_000, 3);
        calibrator = method.equals("fuzzy-research")
                ? new FuzzyGatedCalibrator(FuzzyOptions.research())
                : CalibrationMethods.create(method);
    }

    @Benchmark
    public FittedCalibrator fit() {
        return calibrator.fit(data, 42);
    }
}
