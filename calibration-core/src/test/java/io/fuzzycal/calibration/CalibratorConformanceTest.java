package io.fuzzycal.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The contract every calibration method keeps. Each method's test class extends this kit (as
 * Micrometer's registries extend its compatibility kit) and adds its own known-truth tests.
 */
abstract class CalibratorConformanceTest {

    /** The method under test, with settings that fit in well under a second on 2,000 rows. */
    abstract Calibrator calibrator();

    /** Miscalibrated data the method can improve: over-confident logits of a 3-class model. */
    static CalibrationSet overconfident(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] z = SyntheticData.gaussianLogits(n, 3, 2.0, random);
        int[] y = SyntheticData.labels(z, row -> SyntheticData.softmax(scaled(row, 0.5)), random);
        return CalibrationSet.ofLogits(z, y);
    }

    static double[] scaled(double[] row, double factor) {
        double[] out = row.clone();
        for (int k = 0; k < out.length; k++) {
            out[k] *= factor;
        }
        return out;
    }

    /** Labels drawn from the reported probabilities themselves: nothing to correct. */
    static CalibrationSet alreadyCalibrated(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] z = SyntheticData.gaussianLogits(n, 3, 1.5, random);
        int[] y = SyntheticData.labels(z, SyntheticData::softmax, random);
        return CalibrationSet.ofLogits(z, y);
    }

    /** The fitted map, made ready to apply (target prior estimated where the method needs one). */
    FittedCalibrator fitted(CalibrationSet data, long seed) {
        return PriorCorrection.adapt(calibrator().fit(data, seed), data);
    }

    @Test
    void outputRowsAreProbabilityVectors() {
        CalibrationSet data = overconfident(2000, 1);
        FittedCalibrator map = fitted(data, 42);
        assertThat(map.numClasses()).isEqualTo(3);
        for (double[] row : map.calibrate(overconfident(500, 2))) {
            assertProbabilityVector(row);
        }
    }

    @Test
    void fitIsDeterministicPerSeed() {
        CalibrationSet data = overconfident(2000, 3);
        double[] first = calibrator().fit(data, 7).parameterVector();
        double[] second = calibrator().fit(data, 7).parameterVector();
        assertThat(bits(second)).isEqualTo(bits(first));
    }

    @Test
    void jsonRoundTripIsExact() {
        CalibrationSet data = overconfident(2000, 4);
        for (FittedCalibrator map : new FittedCalibrator[] {calibrator().fit(data, 11), fitted(data, 11)}) {
            FittedCalibrator back = CalibratorJson.read(CalibratorJson.write(map));
            assertThat(back.method()).isEqualTo(map.method());
            assertThat(back.numClasses()).isEqualTo(map.numClasses());
            assertThat(bits(back.parameterVector())).isEqualTo(bits(map.parameterVector()));
            assertThat(back).isEqualTo(map);
            double[][] a = map.calibrate(data);
            double[][] b = back.calibrate(data);
            for (int i = 0; i < a.length; i++) {
                assertThat(bits(b[i])).isEqualTo(bits(a[i]));
            }
        }
    }

    @Test
    void extremeInputsGiveFiniteOutputs() {
        FittedCalibrator map = fitted(overconfident(2000, 5), 13);
        double tiny = 1e-12;
        double[][] extremes = {
            {1, 0, 0}, {0, 1, 0}, {0, 0, 1},
            {1.0 / 3, 1.0 / 3, 1.0 / 3},
            {1 - 2 * tiny, tiny, tiny}, {tiny, 1 - 2 * tiny, tiny}, {0.5, 0.5 - tiny, tiny},
        };
        for (double[] row : extremes) {
            assertProbabilityVector(map.calibrate(row));
        }
    }

    @Test
    void fittingNeverMakesNllOnTheFitDataWorseThanIdentity() {
        CalibrationSet[] sets = {overconfident(2000, 6), alreadyCalibrated(2000, 7), overconfident(40, 8),
            alreadyCalibrated(30, 9)};
        for (CalibrationSet data : sets) {
            double identity = LogSpace.meanNll(new IdentityMap(3), data);
            // The fit itself; estimating a target prior afterwards is a deliberate shift, not a fit.
            double fitted = LogSpace.meanNll(calibrator().fit(data, 17), data);
            assertThat(fitted).as("fit-data NLL of %s on %s", calibrator().method(), data).isLessThanOrEqualTo(identity + 1e-12);
        }
    }

    @Test
    void unlabelledDataIsRejected() {
        CalibrationSet unlabelled = overconfident(100, 10).withoutLabels();
        assertThatThrownBy(() -> calibrator().fit(unlabelled, 1))
                .isInstanceOf(RuntimeException.class)
                .hasMessageContaining("label");
    }

    static void assertProbabilityVector(double[] p) {
        double sum = 0;
        for (double v : p) {
            assertThat(v).isFinite().isBetween(0.0, 1.0);
            sum += v;
        }
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    static long[] bits(double[] v) {
        long[] b = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Double.doubleToRawLongBits(v[i]);
        }
        return b;
    }
}
