package io.fuzzycal.calibration.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LbfgsTest {
    @Test
    void findsTheMinimumOfRosenbrock() {
        DifferentiableFunction rosenbrock = (x, g) -> {
            double a = 1 - x[0];
            double b = x[1] - x[0] * x[0];
            g[0] = -2 * a - 400 * x[0] * b;
            g[1] = 200 * b;
            return a * a + 100 * b * b;
        };
        Lbfgs.Result r = Lbfgs.minimize(rosenbrock, new double[] {-1.2, 1}, new Lbfgs.Settings(1000, 10, 1e-9, 0));
        assertThat(r.converged()).isTrue();
        assertThat(r.x()[0]).isCloseTo(1, within(1e-5));
        assertThat(r.x()[1]).isCloseTo(1, within(1e-5));
    }

    @Test
    void solvesAnIllConditionedQuadraticExactly() {
        double[] scale = {1, 10, 100, 1000};
        DifferentiableFunction f = (x, g) -> {
            double v = 0;
            for (int i = 0; i < x.length; i++) {
                double d = x[i] - i;
                v += scale[i] * d * d;
                g[i] = 2 * scale[i] * d;
            }
            return v;
        };
        Lbfgs.Result r = Lbfgs.minimize(f, new double[4], Lbfgs.Settings.defaults());
        for (int i = 0; i < 4; i++) {
            assertThat(r.x()[i]).isCloseTo(i, within(1e-6));
        }
    }

    @Test
    void adamDescendsAQuadratic() {
        Adam adam = new Adam(1, 0.1);
        double[] x = {5};
        for (int i = 0; i < 500; i++) {
            adam.step(x, new double[] {2 * (x[0] - 2)});
        }
        assertThat(x[0]).isCloseTo(2, within(1e-2));
        assertThat(adam.steps()).isEqualTo(500);
    }
}
