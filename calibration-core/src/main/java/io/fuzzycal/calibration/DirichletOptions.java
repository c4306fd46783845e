package io.fuzzycal.calibration;

/**
 * ODIR regularisation of the {@code dirichlet} fit (Kull et al. 2019):
 * {@code λ · mean of squared off-diagonal weights + μ · mean of squared biases}, added to the mean NLL.
 */
public record DirichletOptions(double offDiagonalL2, double biasL2) {
    public DirichletOptions {
        if (!(offDiagonalL2 >= 0) || !(biasL2 >= 0)) {
            throw new IllegalArgumentException("ODIR penalties must be non-negative");
        }
    }

    public static DirichletOptions defaults() {
        return new DirichletOptions(1e-3, 1e-3);
    }
}
