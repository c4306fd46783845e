package io.fuzzycal.benchmarks.jmh_generated;
public class ApplyBenchmark_jmhType extends ApplyBenchmark_jmhType_B3 {
}

