package io.fuzzycal.calibration;

/** Temperature scaling: {@code softmax(ℓ / T)} for one scalar {@code T > 0}. */
record TemperatureMap(int numClasses, double temperature) implements FittedCalibrator {

    TemperatureMap {
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a finite positive number, got " + temperature);
        }
    }

    @Override
    public String method() {
        return CalibrationMethods.TEMPERATURE;
    }

    @Override
    public void calibrateLog(double[] logProbs, double[] out) {
        double inv = 1.0 / temperature;
        for (int k = 0; k < numClasses; k++) {
            out[k] = logProbs[k] * inv;
        }
        LogSpace.softmaxInto(out, out);
    }

    @Override
    public double[] parameterVector() {
        return new double[] {temperature};
    }
}
