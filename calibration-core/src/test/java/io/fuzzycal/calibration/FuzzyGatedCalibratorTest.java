package io.fuzzycal.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.calibration.metrics.CalibrationMeasures;
import org.junit.jupiter.api.Test;

class FuzzyGatedCalibratorTest extends CalibratorConformanceTest {
    @Override
    Calibrator calibrator() {
        return CalibrationMethods.create("fuzzy");
    }

    @Test
    void beatsTemperatureAndAffineOnConfidenceDependentMiscalibration() {
        CalibrationSet train = SyntheticData.confidenceDependentMiscalibration(10_000, 1);
        CalibrationSet test = SyntheticData.confidenceDependentMiscalibration(10_000, 2);
        double fuzzy = testEce("fuzzy", train, test);
        double temperature = testEce("temperature", train, test);
        double affine = testEce("affine", train, test);
        double raw = testEce("uncalibrated", train, test);
        assertThat(fuzzy).isLessThan(temperature).isLessThan(affine).isLessThan(raw);
    }

    private static double testEce(String method, CalibrationSet train, CalibrationSet test) {
        FittedCalibrator map = CalibrationMethods.create(method).fit(train, 42);
        return CalibrationMeasures.ece(map.calibrate(test), test.labels(), CalibrationMeasures.DEFAULT_BINS);
    }

    @Test
    void startsFromTheIdentityAndStaysThereOnCalibratedData() {
        CalibrationSet data = alreadyCalibrated(5_000, 3);
        FittedCalibrator map = calibrator().fit(data, 1);
        double[][] out = map.calibrate(data);
        double[][] in = data.probabilities();
        double worst = 0;
        for (int i = 0; i < in.length; i++) {
            for (int k = 0; k < 3; k++) {
                worst = Math.max(worst, Math.abs(out[i][k] - in[i][k]));
            }
        }
        assertThat(worst).as("largest change to an already calibrated probability").isLessThan(0.1);
    }

    @Test
    void hasSixtyRegionParametersForThreeClassesAndFiveRegions() {
        FuzzyGatedMap map = (FuzzyGatedMap) calibrator().fit(overconfident(1000, 4), 1);
        assertThat(map.regions()).isEqualTo(5);
        // 5 × (3×3 + 3) = 60 affine parameters, plus a learnable centre and width per region.
        assertThat(map.parameterVector()).hasSize(60 + 10);
    }

    @Test
    void membershipsAreNormalised() {
        FuzzyGatedMap map = (FuzzyGatedMap) calibrator().fit(overconfident(2000, 5), 1);
        double[] centres = map.centres();
        for (int r = 0; r < centres.length; r++) {
            double[] w = map.memberships(centres[r]);
            assertThat(java.util.Arrays.stream(w).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    @Test
    void reportsHowTrainingWent() {
        FuzzyGatedCalibrator fuzzy = new FuzzyGatedCalibrator(FuzzyOptions.defaults().withMaxEpochs(30));
        FuzzyGatedCalibrator.Fit fit = fuzzy.fitWithReport(overconfident(2000, 6), 1);
        assertThat(fit.report().epochs()).isBetween(1, 30);
        assertThat(fit.report().bestEpoch()).isBetween(0, fit.report().epochs());
        assertThat(fit.calibrator().parameterVector()).isEqualTo(fuzzy.fit(overconfident(2000, 6), 1).parameterVector());
    }
}
