package io.fuzzycal.calibration;

import io.fuzzycal.calibration.metrics.CalibrationMeasures;

/** Not a test: how strong a shrinkage the synthetic confidence-dependent miscalibration tolerates. */
final class ShrinkageProbe {
    public static void main(String[] args) {
        CalibrationSet train = SyntheticData.confidenceDependentMiscalibration(Integer.parseInt(args[0]), 1);
        CalibrationSet test = SyntheticData.confidenceDependentMiscalibration(10_000, 2);
        for (String m : new String[] {"temperature", "affine", "dirichlet"}) {
            System.out.printf("%s %.4f%n", m, ece(CalibrationMethods.create(m).fit(train, 42), test));
        }
        for (int i = 1; i < args.length; i++) {
            double l2 = Double.parseDouble(args[i]);
            FuzzyOptions o = FuzzyOptions.defaults().withL2(l2);
            long t0 = System.nanoTime();
            FittedCalibrator f = new FuzzyGatedCalibrator(o).fit(train, 42);
            System.out.printf("fuzzy l2=%s %.4f (%.2f s)%n", l2, ece(f, test), (System.nanoTime() - t0) / 1e9);
        }
    }

    private static double ece(FittedCalibrator map, CalibrationSet test) {
        return CalibrationMeasures.ece(map.calibrate(test), test.labels(), CalibrationMeasures.DEFAULT_BINS);
    }
}
