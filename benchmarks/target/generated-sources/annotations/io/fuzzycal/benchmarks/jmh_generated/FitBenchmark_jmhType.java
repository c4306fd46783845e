package io.fuzzycal.benchmarks.jmh_generated;
public class FitBenchmark_jmhType extends FitBenchmark_jmhType_B3 {
}

