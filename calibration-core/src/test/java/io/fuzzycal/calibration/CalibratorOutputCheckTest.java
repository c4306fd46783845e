package io.fuzzycal.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * No calibrator that {@link CalibratorJson#read} accepts makes an output non-finite or unnormalised:
 * thousands of documents with hostile parameter values, each either refused or producing calibrated
 * rows on every input tried (extreme and random).
 */
class CalibratorOutputCheckTest {
    private static final double[] HOSTILE = {4.9e-324, -4.9e-324, 1e-300, 1e-200, 1e-12, 0.0, -0.0, 1, -1, 0.5, 30,
        -700, 710, 1e10, 1e100, 1e300, 1e308, -1e308, Double.MAX_VALUE, -Double.MAX_VALUE};

    @Test
    void theIssuesCalibratorsAreRefused() {
        assertThatThrownBy(() -> CalibratorJson.read(temperature(4.9e-324)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unusable calibrator");
        assertThatThrownBy(() -> CalibratorJson.read(dirichlet(3, () -> 1e308, () -> 0)))
                .hasMessageContaining("unusable calibrator");
        assertThatThrownBy(() -> CalibratorJson.read(affine(new double[] {1e308, 1e308, 1e308}, new double[3])))
                .hasMessageContaining("unusable calibrator");
        assertThatThrownBy(() -> CalibratorJson.read(fuzzy(3, 5, () -> 1, () -> 0, () -> 0.5, () -> 1e-200)))
                .hasMessageContaining("unusable calibrator");
    }

    /** It used to print the whole array: a million characters for a 447×447 matrix. */
    @Test
    void aNonFiniteEntryIsNamedInOneShortLine() {
        int c = 447;
        String json = dirichlet(c, () -> 1.0, () -> 0).replaceFirst("1\\.0", "1e999"); // parsed as Infinity
        assertThatThrownBy(() -> CalibratorJson.read(json))
                .hasMessage("weights has a non-finite entry: Infinity at index 0 of " + c * c);
    }

    @Test
    void ordinaryCalibratorsPass() {
        assertThat(CalibratorJson.read(temperature(1.7)).numClasses()).isEqualTo(3);
        assertThat(CalibratorJson.read(dirichlet(3, () -> 0.8, () -> 0.1)).numClasses()).isEqualTo(3);
        SplittableRandom r = new SplittableRandom(3);
        assertThat(CalibratorJson.read(fuzzy(3, 5, () -> r.nextDouble(-2, 2), () -> r.nextDouble(-1, 1),
                () -> r.nextDouble(0.3, 1), () -> r.nextDouble(0.05, 0.5))).numClasses()).isEqualTo(3);
    }

    @Test
    void everyAcceptedHostileCalibratorGivesCalibratedRowsOnEveryInput() {
        SplittableRandom random = new SplittableRandom(20261204);
        DoubleSupplier hostile = () -> random.nextInt(3) == 0 ? random.nextDouble(-3, 3) : HOSTILE[random.nextInt(HOSTILE.length)];
        List<String> documents = new ArrayList<>();
        for (double t : HOSTILE) {
            documents.add(temperature(t));
        }
        for (int i = 0; i < 400; i++) {
            int c = 2 + random.nextInt(4);
            double[] scale = new double[c];
            double[] bias = new double[c];
            for (int k = 0; k < c; k++) {
                scale[k] = hostile.getAsDouble();
                bias[k] = hostile.getAsDouble();
            }
            documents.add(affine(scale, bias));
            documents.add(dirichlet(c, hostile, hostile));
            documents.add(fuzzy(c, 1 + random.nextInt(5), hostile, hostile, hostile, hostile));
        }
        int accepted = 0;
        for (String json : documents) {
            FittedCalibrator map;
            try {
                map = CalibratorJson.read(json);
            } catch (IllegalArgumentException refused) {
                continue;
            }
            accepted++;
            for (double[] p : inputs(map.numClasses(), random)) {
                double[] out = map.calibrate(p);
                assertThat(CalibratorOutputCheck.problem(out)).as("%s on %s", json, java.util.Arrays.toString(p)).isNull();
            }
        }
        assertThat(accepted).as("some hostile documents are harmless and pass").isGreaterThan(50);
        assertThat(accepted).as("and many are refused").isLessThan(documents.size() - 50);
    }

    /** Random rows, near-one-hot rows, uniform rows and rows at the probability floor. */
    private static List<double[]> inputs(int c, SplittableRandom random) {
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            double[] p = new double[c];
            double sum = 0;
            double sharpness = Math.pow(10, random.nextDouble(-3, 3));
            for (int k = 0; k < c; k++) {
                p[k] = Math.pow(random.nextDouble(), sharpness) + 1e-300;
                sum += p[k];
            }
            for (int k = 0; k < c; k++) {
                p[k] /= sum;
            }
            rows.add(p);
        }
        for (int k = 0; k < c; k++) {
            double[] p = new double[c];
            java.util.Arrays.fill(p, 1e-13);
            p[k] = 1 - (c - 1) * 1e-13;
            rows.add(p);
        }
        double[] uniform = new double[c];
        java.util.Arrays.fill(uniform, 1.0 / c);
        rows.add(uniform);
        return rows;
    }

    private static String temperature(double t) {
        return "{\"format\":\"fuzzycal-calibrator\",\"formatVersion\":1,\"method\":\"temperature\",\"classes\":3,"
                + "\"parameters\":{\"temperature\":" + t + "}}";
    }

    private static String affine(double[] scale, double[] bias) {
        return "{\"format\":\"fuzzycal-calibrator\",\"formatVersion\":1,\"method\":\"affine\",\"classes\":" + scale.length
                + ",\"parameters\":{\"scale\":" + java.util.Arrays.toString(scale) + ",\"bias\":"
                + java.util.Arrays.toString(bias) + "}}";
    }

    private static String dirichlet(int c, DoubleSupplier weight, DoubleSupplier bias) {
        return "{\"format\":\"fuzzycal-calibrator\",\"formatVersion\":1,\"method\":\"dirichlet\",\"classes\":" + c
                + ",\"parameters\":{\"weights\":" + matrix(c, weight) + ",\"bias\":" + vector(c, bias) + "}}";
    }

    private static String fuzzy(int c, int regions, DoubleSupplier weight, DoubleSupplier bias, DoubleSupplier centre,
                                DoubleSupplier width) {
        StringBuilder r = new StringBuilder("[");
        for (int i = 0; i < regions; i++) {
            r.append(i == 0 ? "" : ",").append("{\"weights\":").append(matrix(c, weight)).append(",\"bias\":")
                    .append(vector(c, bias)).append('}');
        }
        return "{\"format\":\"fuzzycal-calibrator\",\"formatVersion\":1,\"method\":\"fuzzy\",\"classes\":" + c
                + ",\"parameters\":{\"centres\":" + vector(regions, centre) + ",\"widths\":" + vector(regions, width)
                + ",\"regions\":" + r + "]}}";
    }

    private static String matrix(int c, DoubleSupplier value) {
        StringBuilder m = new StringBuilder("[");
        for (int i = 0; i < c; i++) {
            m.append(i == 0 ? "" : ",").append(vector(c, value));
        }
        return m.append(']').toString();
    }

    private static String vector(int n, DoubleSupplier value) {
        StringBuilder v = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            v.append(i == 0 ? "" : ",").append(value.getAsDouble());
        }
        return v.append(']').toString();
    }
}
