package io.fuzzycal.calibration.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fuzzycal.calibration.CalibrationSet;
import io.fuzzycal.calibration.MethodOptions;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TransferStudyTest {

    /** An over-confident FP32 model and an INT4 twin whose logits carry quantisation-like noise. */
    static StudyData twins(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] fp32 = new double[n][3];
        double[][] int4 = new double[n][3];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double[] truth = new double[3];
            for (int k = 0; k < 3; k++) {
                truth[k] = 1.5 * gaussian(random);
            }
            y[i] = draw(truth, random);
            for (int k = 0; k < 3; k++) {
                fp32[i][k] = 2.5 * truth[k];
                int4[i][k] = fp32[i][k] + 0.3 * gaussian(random);
            }
        }
        return new StudyData(CalibrationSet.ofLogits(fp32, y), CalibrationSet.ofLogits(int4, y));
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static int draw(double[] z, SplittableRandom r) {
        double m = Math.max(z[0], Math.max(z[1], z[2]));
        double[] p = Arrays.stream(z).map(v -> Math.exp(v - m)).toArray();
        double u = r.nextDouble() * Arrays.stream(p).sum();
        return u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2;
    }

    private static StudySettings quick() {
        MethodOptions o = MethodOptions.defaults();
        return StudySettings.defaults().withOptions(o.withFuzzy(o.fuzzy().withMaxEpochs(40))).withBootstrapResamples(50);
    }

    @Test
    void producesTheResearchTableForEverySeedAndMethod() {
        StudyResult r = TransferStudy.run(twins(3000, 1), quick(), TransferStudy.Progress.NONE);
        List<String> expected = List.of("uncalibrated", "prior", "temperature", "temperature+prior", "affine",
                "affine+prior", "dirichlet", "dirichlet+prior", "fuzzy", "fuzzy+prior");
        assertThat(r.summary()).extracting(StudyResult.MethodSummary::method).containsExactlyElementsOf(expected);
        assertThat(r.runs()).extracting(StudyResult.SeedRun::seed).containsExactly(42L, 123L, 456L);
        for (StudyResult.SeedRun run : r.runs()) {
            assertThat(run.calibrationRows() + run.testRows()).isEqualTo(3000);
            assertThat(run.results()).hasSize(expected.size());
        }
        StudyResult.MethodSummary raw = r.summary().get(0);
        StudyResult.MethodSummary fuzzy = r.summary().get(8);
        assertThat(fuzzy.eceFp32().mean()).isLessThan(raw.eceFp32().mean());
        assertThat(fuzzy.eceInt4().mean()).isLessThan(raw.eceInt4().mean());
        assertThat(raw.eceFp32().std()).isPositive(); // three different test halves
        assertThat(r.argmaxAgreement()).isBetween(0.8, 1.0);
        // Δ% is the mean over seeds of each seed's relative INT4-vs-FP32 ECE change.
        double meanDelta = r.runs().stream().map(run -> run.results().get(8))
                .mapToDouble(t -> 100 * (t.int4().metrics().ece() - t.fp32().metrics().ece()) / t.fp32().metrics().ece())
                .average().orElseThrow();
        assertThat(fuzzy.eceChangePercent().mean()).isCloseTo(meanDelta, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void isDeterministic() {
        StudySettings s = quick().withSeeds(List.of(7L)).withMethods(List.of("temperature", "fuzzy"));
        assertThat(TransferStudy.run(twins(800, 2), s, TransferStudy.Progress.NONE).summary().toString())
                .isEqualTo(TransferStudy.run(twins(800, 2), s, TransferStudy.Progress.NONE).summary().toString());
    }

    @Test
    void splitIsStratifiedDisjointAndComplete() {
        int[] labels = IntStream.range(0, 1001).map(i -> i % 10 < 7 ? 2 : i % 10 < 9 ? 1 : 0).toArray();
        StratifiedSplit s = StratifiedSplit.halves(labels, 3, 5);
        int[] all = IntStream.concat(Arrays.stream(s.calibration()), Arrays.stream(s.test())).sorted().toArray();
        assertThat(all).isEqualTo(IntStream.range(0, 1001).toArray());
        for (int k = 0; k < 3; k++) {
            int kk = k;
            long inCal = Arrays.stream(s.calibration()).filter(i -> labels[i] == kk).count();
            long inClass = Arrays.stream(labels).filter(v -> v == kk).count();
            assertThat(inCal).isEqualTo(inClass / 2);
        }
        assertThat(StratifiedSplit.halves(labels, 3, 6)).isNotEqualTo(s);
    }

    @Test
    void mismatchedTwinsAreRejected() {
        StudyData d = twins(100, 3);
        int[] other = d.fp32().labels();
        other[0] = (other[0] + 1) % 3;
        assertThatThrownBy(() -> new StudyData(d.fp32(), d.int4().withLabels(other)))
                .hasMessageContaining("same labels");
        assertThatThrownBy(() -> StudySettings.defaults().withMethods(List.of("fuzzy+prior")))
                .hasMessageContaining("base methods");
    }
}
