package io.fuzzycal.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The fuzzy fit's options from issue 14, each on its own. */
class FuzzyFitOptionsTest {
    private static final FuzzyOptions QUICK = FuzzyOptions.research().withMaxEpochs(20).withAllRows();

    @Test
    void orderedCentresStayOrderedApartAndInsideTheReachableConfidences() {
        // Over-confident data: most confidences sit near 1, where unconstrained centres drift past it.
        CalibrationSet data = CalibratorConformanceTest.overconfident(3_000, 1);
        FuzzyGatedMap map = (FuzzyGatedMap) new FuzzyGatedCalibrator(QUICK.withOrderedCentres(true)).fit(data, 1);
        double[] m = map.centres();
        assertThat(m[0]).isGreaterThanOrEqualTo(1.0 / 3 - 1e-12);
        assertThat(m[m.length - 1]).isLessThanOrEqualTo(1.0);
        for (int r = 1; r < m.length; r++) {
            assertThat(m[r] - m[r - 1]).as("gap %d", r).isGreaterThanOrEqualTo(0.02 - 1e-12);
        }
    }

    @Test
    void centreConstraintProjectsOntoTheOrderedBoundedSet() {
        CentreConstraint c = new CentreConstraint(3, 5);
        double[] theta = {9, 1.2, 1.1, 1.09, 0.1, 0.5};
        c.project(theta, 1, 5);
        assertThat(theta[0]).isEqualTo(9); // outside the block: untouched
        assertThat(theta).containsExactly(new double[] {9, 0.92, 0.94, 0.96, 0.98, 1.0}, within(1e-12));
    }

    @Test
    void biasRefitMatchesThePredictedMarginalToTheLabels() {
        CalibrationSet data = CalibratorConformanceTest.overconfident(4_000, 2);
        FittedCalibrator map = new FuzzyGatedCalibrator(QUICK.withBiasRefit(true)).fit(data, 1);
        double[][] p = map.calibrate(data);
        double[] mean = new double[3];
        for (double[] row : p) {
            for (int k = 0; k < 3; k++) {
                mean[k] += row[k] / p.length;
            }
        }
        double[] freq = PriorGuard.frequencies(data.labels(), 3);
        // The NLL-optimal bias sets the mean prediction equal to the label frequencies (score equations).
        for (int k = 0; k < 3; k++) {
            assertThat(mean[k]).isCloseTo(freq[k], within(1e-4));
        }
    }

    @Test
    void dirichletStartWithStrongShrinkageStaysAtTheDirichletFit() {
        CalibrationSet data = CalibratorConformanceTest.overconfident(3_000, 3);
        FittedCalibrator dirichlet = CalibrationMethods.create("dirichlet").fit(data, 1);
        FittedCalibrator fuzzy = new FuzzyGatedCalibrator(QUICK.withStart(FuzzyOptions.Start.DIRICHLET).withL2(1e4))
                .fit(data, 1);
        double[][] a = dirichlet.calibrate(data);
        double[][] b = fuzzy.calibrate(data);
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < 3; k++) {
                worst = Math.max(worst, Math.abs(a[i][k] - b[i][k]));
            }
        }
        assertThat(worst).isLessThan(0.01);
    }

    @Test
    void shrinkageWorthRowsWeakensAsTheDataGrow() {
        FuzzyOptions o = FuzzyOptions.research().withL2(0).withShrinkageRows(12_000);
        assertThat(o.penaltyFor(1_200)).isCloseTo(10, within(1e-12));
        assertThat(o.penaltyFor(12_000)).isCloseTo(1, within(1e-12));
        assertThatThrownBy(() -> o.withShrinkageRows(-1)).hasMessageContaining("shrinkage rows");
    }

    @Test
    void allRowsMeansNoHoldoutAndNoEarlyStop() {
        FuzzyGatedCalibrator fuzzy = new FuzzyGatedCalibrator(FuzzyOptions.research().withMaxEpochs(15).withAllRows());
        FuzzyGatedCalibrator.Fit fit = fuzzy.fitWithReport(CalibratorConformanceTest.overconfident(1_000, 4), 1);
        assertThat(fit.report().epochs()).isEqualTo(15);
        assertThat(fit.report().stoppedEarly()).isFalse();
    }

    @Test
    void theDefaultIsTheMeasuredRecipe() {
        FuzzyOptions d = FuzzyOptions.defaults();
        assertThat(d.validationFraction()).isZero();
        assertThat(d.patience()).isGreaterThanOrEqualTo(d.maxEpochs());
        assertThat(d.start()).isEqualTo(FuzzyOptions.Start.AUTO);
        assertThat(d.orderedCentres()).isTrue();
        assertThat(d.shrinkageRows()).isPositive();
        assertThat(FuzzyOptions.research().validationFraction()).isEqualTo(0.2);
        // the start map: fold NLL among the three log-linear maps, paired rule (docs/study.md)
        assertThat(d.startChoice().candidates()).containsExactly("temperature", "affine", "dirichlet");
        assertThat(d.startChoice().criterion()).isEqualTo(AutoOptions.Criterion.NLL);
        assertThat(d.startChoice().rule()).isEqualTo(AutoOptions.Rule.PAIRED_ONE_SE);
    }

    @Test
    void theStartIsChosenAmongLogLinearMapsOnly() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FuzzyOptions.defaults().withStartChoice(
                FuzzyOptions.START_CHOICE.withCandidates(java.util.List.of("temperature", "fuzzy"))))
                .hasMessageContaining("log-linear");
    }

    @Test
    void anAffineStartIsTheAffineFitAsALogLinearMap() {
        // Only affine to choose from: strong shrinkage keeps every region at the affine fit, so the
        // fuzzy map calibrates like it (the start map is the affine map's diagonal and bias).
        CalibrationSet data = SyntheticData.confidenceDependentMiscalibration(2_000, 5);
        FuzzyOptions o = FuzzyOptions.defaults().withShrinkageRows(1e7)
                .withStartChoice(FuzzyOptions.START_CHOICE.withCandidates(java.util.List.of("affine")));
        double[][] fuzzy = new FuzzyGatedCalibrator(o).fit(data, 3).calibrate(data);
        double[][] affine = CalibrationMethods.create("affine").fit(data, 3).calibrate(data);
        for (int r = 0; r < data.size(); r += 97) {
            for (int k = 0; k < 3; k++) {
                assertThat(fuzzy[r][k]).isCloseTo(affine[r][k], within(0.01));
            }
        }
    }

    @Nested
    class ResearchRecipe extends CalibratorConformanceTest {
        @Override
        Calibrator calibrator() {
            return new FuzzyGatedCalibrator(FuzzyOptions.research().withMaxEpochs(30));
        }
    }

    @Nested
    class DirichletStartOrderedWithBiasRefit extends CalibratorConformanceTest {
        @Override
        Calibrator calibrator() {
            return new FuzzyGatedCalibrator(QUICK.withStart(FuzzyOptions.Start.DIRICHLET).withL2(0.1)
                    .withOrderedCentres(true).withBiasRefit(true));
        }
    }

    @Nested
    class TemperatureStart extends CalibratorConformanceTest {
        @Override
        Calibrator calibrator() {
            return new FuzzyGatedCalibrator(QUICK.withStart(FuzzyOptions.Start.TEMPERATURE).withL2(1));
        }
    }
}
