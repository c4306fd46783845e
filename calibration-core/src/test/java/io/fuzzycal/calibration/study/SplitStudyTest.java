package io.fuzzycal.calibration.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fuzzycal.calibration.CalibrationMethods;
import io.fuzzycal.calibration.stats.PairedDifference;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SplitStudyTest {
    private static final StudyData DATA = TransferStudyTest.twins(1_200, 3);

    private static SplitSettings quick() {
        return SplitSettings.defaults().withSplits(6)
                .withMethods(List.of("uncalibrated", "temperature", "dirichlet"));
    }

    @Test
    void everyMethodIsScoredOnEverySplitAndComparedPairwise() {
        SplitResult r = SplitStudy.run(DATA, quick(), SplitStudy.Progress.NONE);
        SplitResult.SizeRun run = r.sizes().get(0);
        assertThat(run.calibrationRows() + run.testRows()).isEqualTo(1_200);
        SplitResult.MethodSeries raw = run.method("uncalibrated").orElseThrow();
        SplitResult.MethodSeries temp = run.method("temperature").orElseThrow();
        assertThat(raw.eceFp32()).hasSize(6);
        // The data are over-confident by a temperature: temperature scaling must win every split.
        SplitResult.Comparison c = run.compare("temperature", "uncalibrated").orElseThrow();
        assertThat(c.eceFp32().wins()).isEqualTo(6);
        assertThat(c.eceFp32().mean()).isNegative();
        assertThat(c.eceFp32()).isEqualTo(PairedDifference.of(temp.eceFp32(), raw.eceFp32()));
        assertThat(run.comparisons(List.of("dirichlet", "temperature"))).extracting(SplitResult.Comparison::method)
                .containsExactly("uncalibrated", "uncalibrated", "temperature", "dirichlet");
    }

    @Test
    void splitsArePairedAcrossMethodsAndReproducible() {
        SplitResult a = SplitStudy.run(DATA, quick(), SplitStudy.Progress.NONE);
        SplitResult b = SplitStudy.run(DATA, quick().withMethods(List.of("uncalibrated")), SplitStudy.Progress.NONE);
        // The identity's ECE depends only on the split, so the same seeds give the same numbers.
        assertThat(b.sizes().get(0).method("uncalibrated").orElseThrow().eceFp32())
                .containsExactly(a.sizes().get(0).method("uncalibrated").orElseThrow().eceFp32());
    }

    @Test
    void calibrationSizesSubsampleTheCalibrationHalfStratified() {
        SplitResult r = SplitStudy.run(DATA, quick().withCalibrationSizes(List.of(100, SplitSettings.ALL_ROWS)),
                SplitStudy.Progress.NONE);
        assertThat(r.sizes()).extracting(SplitResult.SizeRun::requestedRows).containsExactly(100, 0);
        assertThat(r.sizes().get(0).calibrationRows()).isEqualTo(100);
        assertThat(r.sizes().get(1).calibrationRows())
                .isEqualTo(StratifiedSplit.halves(DATA.fp32().labels(), 3, quick().firstSeed()).calibration().length);
        assertThat(r.sizes().get(0).testRows()).isEqualTo(r.sizes().get(1).testRows());
    }

    @Test
    void subsampleKeepsEachClassShare() {
        int[] labels = DATA.fp32().labels();
        StratifiedSplit split = StratifiedSplit.halves(labels, 3, 1);
        int[] sub = StratifiedSplit.subsample(split.calibration(), labels, 3, 150, 1);
        assertThat(sub).hasSize(150).isSorted();
        assertThat(split.calibration()).contains(sub);
        for (int k = 0; k < 3; k++) {
            final int cls = k;
            double full = Arrays.stream(split.calibration()).filter(i -> labels[i] == cls).count()
                    / (double) split.calibration().length;
            double part = Arrays.stream(sub).filter(i -> labels[i] == cls).count() / 150.0;
            assertThat(Math.abs(full - part)).isLessThan(1.0 / 150 + 1e-12);
        }
    }

    @Test
    void autoRecordsWhatItChose() {
        SplitResult r = SplitStudy.run(DATA, quick().withSplits(2).withMethods(List.of(CalibrationMethods.AUTO)),
                SplitStudy.Progress.NONE);
        assertThat(r.sizes().get(0).method("auto").orElseThrow().chosen()).hasSize(2)
                .allMatch(CalibrationMethods.BASE_METHODS::contains);
    }

    @Test
    void supervisedPriorsTakeLabelledRowsHeldApartFromScoring() {
        SplitSettings s = quick().withSplits(2).withMethods(List.of("temperature", "temperature+prior"))
                .withOptions(io.fuzzycal.calibration.MethodOptions.defaults()
                        .withTargetPrior(io.fuzzycal.calibration.TargetPrior.supervised()));
        assertThatThrownBy(() -> SplitStudy.run(DATA, s, SplitStudy.Progress.NONE))
                .hasMessageContaining("supervised rows");
        SplitResult r = SplitStudy.run(DATA, s.withSupervisedRows(60), SplitStudy.Progress.NONE);
        SplitResult full = SplitStudy.run(DATA, s.withMethods(List.of("temperature")), SplitStudy.Progress.NONE);
        assertThat(r.sizes().get(0).testRows()).isEqualTo(full.sizes().get(0).testRows() - 60);
        assertThat(r.sizes().get(0).method("temperature+prior").orElseThrow().priorRefusals()).isZero();
    }

    @Test
    void badSettingsAreRejected() {
        assertThatThrownBy(() -> quick().withSplits(1)).hasMessageContaining("at least 2 splits");
        assertThatThrownBy(() -> quick().withCalibrationSizes(List.of(5))).hasMessageContaining("calibration sizes");
        assertThatThrownBy(() -> quick().withMethods(List.of())).hasMessageContaining("at least one method");
    }
}
