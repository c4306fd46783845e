package io.fuzzycal.calibration.optim;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Limited-memory BFGS (Nocedal &amp; Wright, Algorithm 7.4) with a backtracking Armijo line search.
 * Small and dependency-free: the problems here have at most a few hundred parameters and smooth,
 * mostly convex objectives.
 */
public final class Lbfgs {

    /** Stopping rules. */
    public record Settings(int maxIterations, int memory, double gradientTolerance, double relativeFunctionTolerance) {
        public static Settings defaults() {
            return new Settings(500, 10, 1e-7, 1e-13);
        }
    }

    /** Where the search ended. */
    public record Result(double[] x, double value, int iterations, boolean converged) {
    }

    private Lbfgs() {
    }

    public static Result minimize(DifferentiableFunction f, double[] x0, Settings settings) {
        int n = x0.length;
        double[] x = x0.clone();
        double[] g = new double[n];
        double fx = f.valueAndGradient(x, g);
        requireFinite(fx, "initial point");
        Deque<double[][]> history = new ArrayDeque<>(); // each entry {s, y, {rho}}
        double[] d = new double[n];
        double[] xNew = new double[n];
        double[] gNew = new double[n];
        for (int iter = 0; iter < settings.maxIterations(); iter++) {
            if (maxAbs(g) <= settings.gradientTolerance()) {
                return new Result(x, fx, iter, true);
            }
            direction(g, history, d);
            double slope = dot(g, d);
            if (!(slope < 0)) { // not a descent direction: forget curvature and go downhill
                history.clear();
                for (int i = 0; i < n; i++) {
                    d[i] = -g[i];
                }
                slope = -dot(g, g);
            }
            double step = history.isEmpty() ? Math.min(1.0, 1.0 / Math.sqrt(-slope)) : 1.0;
            double fNew = Double.NaN;
            boolean accepted = false;
            for (int ls = 0; ls < 60; ls++) {
                for (int i = 0; i < n; i++) {
                    xNew[i] = x[i] + step * d[i];
                }
                fNew = f.valueAndGradient(xNew, gNew);
                if (Double.isFinite(fNew) && fNew <= fx + 1e-4 * step * slope) {
                    accepted = true;
                    break;
                }
                step *= 0.5;
            }
            if (!accepted) {
                if (history.isEmpty()) {
                    return new Result(x, fx, iter, false); // no progress possible even downhill
                }
                history.clear();
                continue;
            }
            double[] s = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = xNew[i] - x[i];
                y[i] = gNew[i] - g[i];
            }
            double sy = dot(s, y);
            if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) { // keep the inverse Hessian positive definite
                history.addLast(new double[][] {s, y, {1.0 / sy}});
                if (history.size() > settings.memory()) {
                    history.removeFirst();
                }
            }
            double change = fx - fNew;
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            fx = fNew;
            if (change <= settings.relativeFunctionTolerance() * Math.max(1.0, Math.abs(fx))) {
                return new Result(x, fx, iter + 1, true);
            }
        }
        return new Result(x, fx, settings.maxIterations(), maxAbs(g) <= settings.gradientTolerance());
    }

    /** Two-loop recursion: d = -H g. */
    private static void direction(double[] g, Deque<double[][]> history, double[] d) {
        int n = g.length;
        for (int i = 0; i < n; i++) {
            d[i] = -g[i];
        }
        if (history.isEmpty()) {
            return;
        }
        double[] alpha = new double[history.size()];
        int j = history.size() - 1;
        var back = history.descendingIterator();
        while (back.hasNext()) {
            double[][] h = back.next();
            alpha[j] = h[2][0] * dot(h[0], d);
            axpy(-alpha[j], h[1], d);
            j--;
        }
        double[][] last = history.peekLast();
        double gamma = dot(last[0], last[1]) / dot(last[1], last[1]);
        for (int i = 0; i < n; i++) {
            d[i] *= gamma;
        }
        j = 0;
        for (double[][] h : history) {
            double beta = h[2][0] * dot(h[1], d);
            axpy(alpha[j] - beta, h[0], d);
            j++;
        }
    }

    private static void requireFinite(double v, String where) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("objective is not finite at the " + where + ": " + v);
        }
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void axpy(double alpha, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += alpha * x[i];
        }
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
