package io.fuzzycal.calibration.optim;

/** The Adam update rule (Kingma &amp; Ba 2015), in place on a parameter vector. */
public final class Adam {
    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double[] m;
    private final double[] v;
    private int t;

    public Adam(int size, double learningRate) {
        this(size, learningRate, 0.9, 0.999, 1e-8);
    }

    public Adam(int size, double learningRate, double beta1, double beta2, double epsilon) {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
        }
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.m = new double[size];
        this.v = new double[size];
    }

    /** One step downhill: {@code params -= lr · m̂ / (√v̂ + ε)}. */
    public void step(double[] params, double[] gradient) {
        t++;
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        for (int i = 0; i < params.length; i++) {
            double g = gradient[i];
            m[i] = beta1 * m[i] + (1 - beta1) * g;
            v[i] = beta2 * v[i] + (1 - beta2) * g * g;
            params[i] -= learningRate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + epsilon);
        }
    }

    /** Steps taken so far. */
    public int steps() {
        return t;
    }
}
