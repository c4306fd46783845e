package io.fuzzycal.benchmarks;

import io.fuzzycal.calibration.CalibrationMethods;
import io.fuzzycal.calibration.CalibrationSet;
import io.fuzzycal.calibration.FittedCalibrator;
import io.fuzzycal.calibration.PriorCorrection;
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

/** Time to calibrate one event (3 classes) with a fitted map, on one thread. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ApplyBenchmark {
    private static final int ROWS = 4096; // power of two: the index wraps with a mask

    @Param({"uncalibrated", "temperature", "affine", "dirichlet", "fuzzy", "fuzzy+prior"})
    public String method;

    private FittedCalibrator map;
    private double[][] rows;
    private final double[] out = new double[3];
    private int next;

    @Setup
    public void fit() {
        CalibrationSet train = BenchmarkData.threeClass(5_000, 1);
        CalibrationSet events = BenchmarkData.threeClass(ROWS, 2);
        map = PriorCorrection.adapt(CalibrationMethods.create(method).fit(train, 42), events);
        rows = new double[ROWS][];
        for (int i = 0; i < ROWS; i++) {
            rows[i] = events.logProbabilities(i);
        }
    }

    @Benchmark
    public double[] calibrateOneEvent() {
        map.calibrateLog(rows[next++ & (ROWS - 1)], out);
        return out;
    }
}
