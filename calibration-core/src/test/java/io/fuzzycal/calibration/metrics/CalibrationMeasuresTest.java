package io.fuzzycal.calibration.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fuzzycal.calibration.InvalidRowException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CalibrationMeasuresTest {
    private static final double EPS = 1e-12;

    /**
     * Five rows, three classes, B = 4 bins of width 0.25.
     * <pre>
     * row  p                     y  conf pred correct bin (floor(conf·4))
     * 1    [0.90, 0.05, 0.05]    0  0.90 0    yes     3 (3.6)
     * 2    [0.80, 0.10, 0.10]    1  0.80 0    no      3 (3.2)
     * 3    [0.60, 0.30, 0.10]    0  0.60 0    yes     2 (2.4)
     * 4    [0.20, 0.70, 0.10]    1  0.70 1    yes     2 (2.8)
     * 5    [0.40, 0.35, 0.25]    2  0.40 0    no      1 (1.6)
     * </pre>
     * Bin 0 is empty (top-label confidence is at least 1/3 with three classes).
     */
    private static final double[][] P = {
            {0.90, 0.05, 0.05},
            {0.80, 0.10, 0.10},
            {0.60, 0.30, 0.10},
            {0.20, 0.70, 0.10},
            {0.40, 0.35, 0.25},
    };
    private static final int[] Y = {0, 1, 0, 1, 2};

    @Test
    void handWorkedExample() {
        // bin 3: n=2, conf=(0.9+0.8)/2=0.85, acc=1/2=0.5 -> |0.5-0.85|=0.35, weight 2/5 -> 0.14
        // bin 2: n=2, conf=(0.6+0.7)/2=0.65, acc=2/2=1.0 -> |1.0-0.65|=0.35, weight 2/5 -> 0.14
        // bin 1: n=1, conf=0.4,               acc=0/1=0.0 -> |0.0-0.40|=0.40, weight 1/5 -> 0.08
        // ECE = 0.14 + 0.14 + 0.08 = 0.36
        assertThat(CalibrationMeasures.ece(P, Y, 4)).isCloseTo(0.36, within(EPS));
        // MCE = max(0.35, 0.35, 0.40) = 0.40 (empty bin 0 ignored)
        assertThat(CalibrationMeasures.mce(P, Y, 4)).isCloseTo(0.40, within(EPS));
        // Brier, per row Σ_k (p_k - 1[y=k])²:
        //   1: 0.1² + 0.05² + 0.05²       = 0.01 + 0.0025 + 0.0025   = 0.015
        //   2: 0.8² + 0.9² + 0.1²         = 0.64 + 0.81 + 0.01       = 1.46
        //   3: 0.4² + 0.3² + 0.1²         = 0.16 + 0.09 + 0.01       = 0.26
        //   4: 0.2² + 0.3² + 0.1²         = 0.04 + 0.09 + 0.01       = 0.14
        //   5: 0.4² + 0.35² + 0.75²       = 0.16 + 0.1225 + 0.5625   = 0.845
        //   sum 2.72, / 5 = 0.544
        assertThat(CalibrationMeasures.brier(P, Y)).isCloseTo(0.544, within(EPS));
        // NLL = -(ln 0.9 + ln 0.1 + ln 0.6 + ln 0.7 + ln 0.25) / 5
        //     = (0.1053605 + 2.3025851 + 0.5108256 + 0.3566749 + 1.3862944) / 5 = 4.6617405 / 5 = 0.9323481
        assertThat(CalibrationMeasures.nll(P, Y)).isCloseTo(0.9323481, within(1e-7));
        // rows 1, 3, 4 correct: 3/5
        assertThat(CalibrationMeasures.accuracy(P, Y)).isCloseTo(0.6, within(EPS));
    }

    @Test
    void classwiseEceOfHandExample() {
        // class 0: p0 = .9(y0) .8 .6(y0) .2 .4 -> bins 3,3,2,0,1
        //   bin3 |1 - 1.7| = .7, bin2 |1 - .6| = .4, bin0 |0 - .2| = .2, bin1 |0 - .4| = .4   -> 1.7
        // class 1: p1 = .05 .1(y1) .3 .7(y1) .35 -> bins 0,0,1,2,1
        //   bin0 |1 - .15| = .85, bin1 |0 - .65| = .65, bin2 |1 - .7| = .3                   -> 1.8
        // class 2: p2 = .05 .1 .1 .1 .25(y2) -> bins 0,0,0,0,1 (0.25·4 = 1.0 exactly)
        //   bin0 |0 - .35| = .35, bin1 |1 - .25| = .75                                       -> 1.1
        // classwise = (1.7 + 1.8 + 1.1) / (N·C = 15) = 4.6 / 15
        assertThat(CalibrationMeasures.classwiseEce(P, Y, 4)).isCloseTo(4.6 / 15, within(EPS));
    }

    @Test
    void reliabilityTableListsEveryBinIncludingEmptyOnes() {
        List<ReliabilityBin> table = CalibrationMeasures.reliability(P, Y, 4);
        assertThat(table).hasSize(4);
        ReliabilityBin empty = table.get(0);
        assertThat(empty.index()).isZero();
        assertThat(empty.count()).isZero();
        assertThat(empty.meanConfidence()).isNaN();
        assertThat(empty.accuracy()).isNaN();
        assertThat(empty.lower()).isEqualTo(0.0);
        assertThat(empty.upper()).isEqualTo(0.25);

        assertThat(table.get(1).count()).isEqualTo(1);
        assertThat(table.get(1).meanConfidence()).isCloseTo(0.40, within(EPS));
        assertThat(table.get(1).accuracy()).isEqualTo(0.0);
        assertThat(table.get(2).count()).isEqualTo(2);
        assertThat(table.get(2).meanConfidence()).isCloseTo(0.65, within(EPS));
        assertThat(table.get(2).accuracy()).isEqualTo(1.0);
        assertThat(table.get(3).count()).isEqualTo(2);
        assertThat(table.get(3).meanConfidence()).isCloseTo(0.85, within(EPS));
        assertThat(table.get(3).accuracy()).isEqualTo(0.5);
        assertThat(table.get(3).lower()).isEqualTo(0.75);
        assertThat(table.get(3).upper()).isEqualTo(1.0);
        assertThat(table.stream().mapToInt(ReliabilityBin::count).sum()).isEqualTo(P.length);
    }

    @Test
    void emptyBinsDoNotChangeTheEce() {
        // With B = 1 every row is in one bin: conf = (0.9+0.8+0.6+0.7+0.4)/5 = 0.68, acc = 0.6 -> 0.08.
        assertThat(CalibrationMeasures.ece(P, Y, 1)).isCloseTo(0.08, within(EPS));
        // With B = 40 (most bins empty) every row sits alone: Σ|correct - conf| / 5
        //   = (0.1 + 0.8 + 0.4 + 0.3 + 0.4) / 5 = 2.0 / 5 = 0.4; the 35 empty bins add nothing.
        assertThat(CalibrationMeasures.ece(P, Y, 40)).isCloseTo(0.4, within(EPS));
        assertThat(CalibrationMeasures.mce(P, Y, 40)).isCloseTo(0.8, within(EPS));
    }

    @Test
    void evaluateAgreesWithTheSingleMetrics() {
        MetricReport r = CalibrationMeasures.evaluate(P, Y, 4);
        assertThat(r.n()).isEqualTo(5);
        assertThat(r.ece()).isCloseTo(0.36, within(EPS));
        assertThat(r.equalMassEce()).isEqualTo(CalibrationMeasures.equalMassEce(P, Y, 4));
        assertThat(r.classwiseEce()).isCloseTo(4.6 / 15, within(EPS));
        assertThat(r.mce()).isCloseTo(0.40, within(EPS));
        assertThat(r.brier()).isCloseTo(0.544, within(EPS));
        assertThat(r.nll()).isCloseTo(0.9323481, within(1e-7));
        assertThat(r.accuracy()).isCloseTo(0.6, within(EPS));
    }

    @Test
    void confidenceExactlyOneGoesToTheLastBin() {
        double[][] oneHot = {{0, 1, 0}, {1, 0, 0}, {0, 0, 1}};
        int[] y = {1, 0, 1}; // third row confidently wrong
        List<ReliabilityBin> table = CalibrationMeasures.reliability(oneHot, y, 10);
        assertThat(table).hasSize(10);
        assertThat(table.get(9).count()).isEqualTo(3);
        assertThat(table.get(9).meanConfidence()).isEqualTo(1.0);
        assertThat(table.get(9).accuracy()).isCloseTo(2.0 / 3, within(EPS));
        assertThat(table.subList(0, 9)).allSatisfy(b -> assertThat(b.count()).isZero());
        // ECE = 1 · |2/3 - 1| = 1/3
        assertThat(CalibrationMeasures.ece(oneHot, y, 10)).isCloseTo(1.0 / 3, within(EPS));
    }

    @Test
    void binEdgesBelongToTheUpperBin() {
        // 0.75·4 = 3.0 exactly -> bin 3; 0.5·4 = 2.0 -> bin 2
        double[][] p = {{0.75, 0.25}, {0.5, 0.5}};
        int[] y = {0, 1};
        List<ReliabilityBin> table = CalibrationMeasures.reliability(p, y, 4);
        assertThat(table.get(3).count()).isEqualTo(1);
        assertThat(table.get(2).count()).isEqualTo(1);
        assertThat(table.get(1).count()).isZero();
    }

    @Test
    void tiesPredictTheLowestIndex() {
        double[][] p = {{0.5, 0.5}, {0.5, 0.5}};
        assertThat(CalibrationMeasures.accuracy(p, new int[] {0, 0})).isEqualTo(1.0);
        assertThat(CalibrationMeasures.accuracy(p, new int[] {1, 1})).isEqualTo(0.0);
        double[][] three = {{0.25, 0.375, 0.375}};
        assertThat(CalibrationMeasures.accuracy(three, new int[] {1})).isEqualTo(1.0);
        assertThat(CalibrationMeasures.accuracy(three, new int[] {2})).isEqualTo(0.0);
    }

    @Test
    void brierAndNllExtremes() {
        double[][] wrong = {{1, 0}};
        assertThat(CalibrationMeasures.brier(wrong, new int[] {1})).isEqualTo(2.0); // 1² + 1²
        assertThat(CalibrationMeasures.brier(wrong, new int[] {0})).isEqualTo(0.0);
        // p_y = 0 is floored at 1e-12: -ln(1e-12) = 12·ln 10 = 27.631021...
        assertThat(CalibrationMeasures.nll(wrong, new int[] {1})).isCloseTo(27.6310211, within(1e-6));
        assertThat(CalibrationMeasures.nll(wrong, new int[] {0})).isEqualTo(0.0);
    }

    @Test
    void perfectlyCalibratedDataStaysInsideTheSamplingBandAndOverconfidentDataDoesNot() {
        int n = 20_000;
        int bins = CalibrationMeasures.DEFAULT_BINS;
        SyntheticData.Sample s = SyntheticData.calibrated(n, 4, 20240601L);
        double[][] over = SyntheticData.sharpened(s.probabilities(), 3.0);

        double ece = CalibrationMeasures.ece(s.probabilities(), s.labels(), bins);
        double band = samplingBand(CalibrationMeasures.reliability(s.probabilities(), s.labels(), bins), n);
        assertThat(band).isBetween(0.005, 0.1); // the band itself is a meaningful bound
        assertThat(ece).isLessThan(band);

        double overEce = CalibrationMeasures.ece(over, s.labels(), bins);
        double overBand = samplingBand(CalibrationMeasures.reliability(over, s.labels(), bins), n);
        assertThat(overEce).isGreaterThan(overBand).isGreaterThan(band);

        // the other binned errors agree on which set is miscalibrated
        assertThat(CalibrationMeasures.equalMassEce(s.probabilities(), s.labels(), bins)).isLessThan(band);
        assertThat(CalibrationMeasures.equalMassEce(over, s.labels(), bins)).isGreaterThan(overBand);
        assertThat(CalibrationMeasures.classwiseEce(over, s.labels(), bins))
                .isGreaterThan(3 * CalibrationMeasures.classwiseEce(s.probabilities(), s.labels(), bins));
        // sharpening keeps the argmax, so accuracy is unchanged, but proper scores get worse
        assertThat(CalibrationMeasures.accuracy(over, s.labels()))
                .isEqualTo(CalibrationMeasures.accuracy(s.probabilities(), s.labels()));
        assertThat(CalibrationMeasures.nll(over, s.labels())).isGreaterThan(CalibrationMeasures.nll(s.probabilities(), s.labels()));
        assertThat(CalibrationMeasures.brier(over, s.labels())).isGreaterThan(CalibrationMeasures.brier(s.probabilities(), s.labels()));
    }

    /** Σ_b (n_b/N)·3·sqrt(conf_b(1-conf_b)/n_b): three binomial standard errors per bin, weighted. */
    private static double samplingBand(List<ReliabilityBin> table, int n) {
        double band = 0;
        for (ReliabilityBin b : table) {
            if (b.count() > 0) {
                double c = b.meanConfidence();
                band += (double) b.count() / n * 3 * Math.sqrt(c * (1 - c) / b.count());
            }
        }
        return band;
    }

    @Test
    void equalMassEceOnTheHandExample() {
        // sorted by confidence: r5 .4 wrong, r3 .6 right, r4 .7 right, r2 .8 wrong, r1 .9 right
        // B = 2 -> groups of sizes 2, 3 (positions [0,2), [2,5)):
        //   {.4 w, .6 r}:      |1 - 1.0| = 0
        //   {.7 r, .8 w, .9 r}: |2 - 2.4| = 0.4          -> ECE = 0.4 / 5 = 0.08
        assertThat(CalibrationMeasures.equalMassEce(P, Y, 2)).isCloseTo(0.08, within(EPS));
        // B = 3 -> sizes 1, 2, 2 ([0,1), [1,3), [3,5)):
        //   |0 - .4| = .4, |2 - 1.3| = .7, |1 - 1.7| = .7  -> 1.8 / 5 = 0.36
        assertThat(CalibrationMeasures.equalMassEce(P, Y, 3)).isCloseTo(0.36, within(EPS));
        // B = 10 > N = 5 -> 5 groups of one row: (.4 + .4 + .3 + .8 + .1) / 5 = 0.4
        assertThat(CalibrationMeasures.equalMassEce(P, Y, 10)).isCloseTo(0.4, within(EPS));
    }

    @Test
    void equalMassGroupsKeepTiedRowsInRowOrder() {
        // Four rows with the same confidence 0.7: the first two right, the last two wrong.
        // A stable sort keeps them in order, so B = 2 gives {right, right} and {wrong, wrong}:
        //   |2 - 1.4| + |0 - 1.4| = 2.0 -> 2.0 / 4 = 0.5 (any other split would give less).
        double[][] p = {{0.7, 0.3}, {0.3, 0.7}, {0.7, 0.3}, {0.3, 0.7}};
        int[] y = {0, 1, 1, 0};
        assertThat(CalibrationMeasures.equalMassEce(p, y, 2)).isCloseTo(0.5, within(EPS));
        // the same rows reordered so that the wrong ones come first still give 0.5
        assertThat(CalibrationMeasures.equalMassEce(new double[][] {p[2], p[3], p[0], p[1]},
                new int[] {1, 0, 0, 1}, 2)).isCloseTo(0.5, within(EPS));
    }

    @Test
    void equalMassSortsRowsThatArriveOutOfOrder() {
        // confidences .9 (right), .55 (wrong), .8 (right), .6 (wrong); B = 2 over sorted order
        //   {.55 w, .6 w}: |0 - 1.15| = 1.15;  {.8 r, .9 r}: |2 - 1.7| = 0.3  -> 1.45 / 4 = 0.3625
        double[][] p = {{0.9, 0.1}, {0.45, 0.55}, {0.2, 0.8}, {0.6, 0.4}};
        int[] y = {0, 0, 1, 1};
        assertThat(CalibrationMeasures.equalMassEce(p, y, 2)).isCloseTo(0.3625, within(EPS));
    }

    @Test
    void classwiseEceOfTwoClassesIsTheBinaryEce() {
        // Two classes, B = 4. The binary ECE of p1 = P(class 1) against 1[y = 1]:
        //   a,b: p1 = .9 (bin 3), y = 1, 0 -> mean .9, freq .5 -> 2 · .4 = .8
        //   c,d: p1 = .3 (bin 1), y = 0, 0 -> mean .3, freq 0  -> 2 · .3 = .6
        //   e:   p1 = .6 (bin 2), y = 0    -> mean .6, freq 0  -> 1 · .6 = .6
        //   binary ECE = (.8 + .6 + .6) / 5 = 0.4
        // Class 0 mirrors it (p0 = 1 - p1 in the mirrored bin, freq 1 - freq), so also 0.4, and the
        // classwise ECE is their mean, 0.4.
        double[][] p = {{0.1, 0.9}, {0.1, 0.9}, {0.7, 0.3}, {0.7, 0.3}, {0.4, 0.6}};
        int[] y = {1, 0, 0, 0, 0};
        assertThat(CalibrationMeasures.classwiseEce(p, y, 4)).isCloseTo(0.4, within(EPS));
        // Top-label ECE differs: conf .9 (a right, b wrong) in bin 3 -> |1 - 1.8| = .8;
        // conf .7, .7 (right) and .6 (e: predicted 1, wrong) share bin 2 -> |2 - 2.0| = 0, the over-
        // and underconfidence cancel. ECE = .8 / 5 = 0.16.
        assertThat(CalibrationMeasures.ece(p, y, 4)).isCloseTo(0.16, within(EPS));
    }

    @Test
    void aClassThatNeverOccursStillCounts() {
        // B = 2 (width 0.5). Labels 0 and 1 only; class 2 never occurs.
        //   class 0: p0 = .6 (bin 1, y=0 -> |1 - .6| = .4), .3 (bin 0, |0 - .3| = .3)      -> .7 / 2 = .35
        //   class 1: p1 = .2 (bin 0, |0 - .2| = .2), .5 (bin 1 since .5·2 = 1.0, |1 - .5| = .5) -> .35
        //   class 2: p2 = .2, .2 (bin 0, freq 0 -> |0 - .4| = .4)                          -> .4 / 2 = .2
        //   classwise = (.35 + .35 + .2) / 3 = 0.3 (it would be 0.35 if class 2 were skipped)
        double[][] p = {{0.6, 0.2, 0.2}, {0.3, 0.5, 0.2}};
        int[] y = {0, 1};
        assertThat(CalibrationMeasures.classwiseEce(p, y, 2)).isCloseTo(0.3, within(EPS));
        assertThat(CalibrationMeasures.evaluate(p, y, 2).classwiseEce()).isCloseTo(0.3, within(EPS));
    }

    @Test
    void nanEntryNamesItsRow() {
        double[][] p = {{0.5, 0.5}, {0.5, 0.5}, {Double.NaN, 1.0}};
        assertThatThrownBy(() -> CalibrationMeasures.ece(p, new int[] {0, 1, 0}, 15))
                .isInstanceOf(InvalidRowException.class)
                .hasMessageStartingWith("row 3: ")
                .hasMessageContaining("NaN")
                .satisfies(e -> assertThat(((InvalidRowException) e).row()).isEqualTo(2));
    }

    @Test
    void rowNotSummingToOneNamesItsRow() {
        double[][] p = {{0.5, 0.5}, {0.5, 0.4}}; // 0.5 + 0.4 = 0.9
        assertThatThrownBy(() -> CalibrationMeasures.brier(p, new int[] {0, 1}))
                .isInstanceOf(InvalidRowException.class)
                .hasMessageStartingWith("row 2: ")
                .hasMessageContaining("sum to 0.9");
        // within the tolerance is accepted
        assertThat(CalibrationMeasures.brier(new double[][] {{0.5, 0.5}, {0.6, 0.3995}}, new int[] {0, 1})).isPositive();
    }

    @Test
    void labelOutOfRangeNamesItsRow() {
        double[][] p = {{0.5, 0.5}, {0.5, 0.5}};
        assertThatThrownBy(() -> CalibrationMeasures.accuracy(p, new int[] {0, 2}))
                .isInstanceOf(InvalidRowException.class)
                .hasMessage("row 2: label 2 is out of range 0..1");
        assertThatThrownBy(() -> CalibrationMeasures.nll(p, new int[] {-1, 0}))
                .isInstanceOf(InvalidRowException.class)
                .hasMessageStartingWith("row 1: label -1");
    }

    @Test
    void otherBadRowsAreRejected() {
        int[] y = {0, 0};
        assertThatThrownBy(() -> CalibrationMeasures.validate(new double[][] {{0.5, 0.5}, {1.0, 0.0, 0.0}}, y))
                .isInstanceOf(InvalidRowException.class).hasMessageStartingWith("row 2: has 3 probabilities, expected 2");
        assertThatThrownBy(() -> CalibrationMeasures.validate(new double[][] {{0.5, 0.5}, {1.2, -0.2}}, y))
                .isInstanceOf(InvalidRowException.class).hasMessageStartingWith("row 2: probability 0 is 1.2");
        assertThatThrownBy(() -> CalibrationMeasures.validate(new double[][] {{Double.POSITIVE_INFINITY, 0}, {1, 0}}, y))
                .isInstanceOf(InvalidRowException.class).hasMessageStartingWith("row 1: ");
        assertThatThrownBy(() -> CalibrationMeasures.validate(new double[][] {{1.0}, {1.0}}, y))
                .isInstanceOf(InvalidRowException.class).hasMessageContaining("at least 2 classes");
        assertThatThrownBy(() -> CalibrationMeasures.validate(new double[][] {{0.5, 0.5}, null}, y))
                .isInstanceOf(InvalidRowException.class).hasMessageStartingWith("row 2: ");
    }

    @Test
    void shapeErrorsAndBadBinCounts() {
        assertThatThrownBy(() -> CalibrationMeasures.validate(new double[0][], new int[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no rows");
        assertThatThrownBy(() -> CalibrationMeasures.validate(P, new int[] {0, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5 probability rows but 2 labels");
        assertThatThrownBy(() -> CalibrationMeasures.ece(P, Y, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bins");
        assertThatThrownBy(() -> CalibrationMeasures.evaluate(P, Y, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bins");
    }

    @Test
    void inputsAreNotModified() {
        double[][] copy = new double[P.length][];
        for (int i = 0; i < P.length; i++) {
            copy[i] = P[i].clone();
        }
        CalibrationMeasures.evaluate(copy, Y.clone(), 3);
        assertThat(copy).isDeepEqualTo(P);
    }
}
