package io.fuzzycal.calibration;

/** The {@code uncalibrated} map: returns the model's own probabilities. */
record IdentityMap(int numClasses) implements FittedCalibrator {

    @Override
    public String method() {
        return CalibrationMethods.UNCALIBRATED;
    }

    @Override
    public void calibrateLog(double[] logProbs, double[] out) {
        // Renormalise: clipped entries may add up to a hair above 1.
        LogSpace.softmaxInto(logProbs, out);
    }

    @Override
    public double[] parameterVector() {
        return new double[0];
    }
}
