package io.fuzzycal.stream;

import static io.fuzzycal.stream.StreamFixtures.MODEL;
import static io.fuzzycal.stream.StreamFixtures.fp32Set;
import static io.fuzzycal.stream.StreamFixtures.policy;
import static io.fuzzycal.stream.StreamFixtures.synthetic;
import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.calibration.CalibrationMethods;
import io.fuzzycal.calibration.CalibratorJson;
import io.fuzzycal.calibration.FittedCalibrator;
import io.fuzzycal.schemas.avro.CalibratorModel;
import io.fuzzycal.schemas.avro.Variant;
import io.fuzzycal.schemas.avro.VariantScore;
import io.fuzzycal.stream.RefitOutcome.Rejection;
import io.fuzzycal.stream.StreamFixtures.Doc;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The promotion decision on its own: one challenger against one champion on one window. */
class ChallengerTrialTest {
    private static final long NOW = 1_700_000_000_000L;
    private static final long SEED = 5;
    private static final RefitPolicy POLICY = policy("temperature", 5_000, 500, Duration.ofMinutes(10));
    private static final Champion IDENTITY = new Champion(4, FittedCalibrator.identity(3));

    /** The documents labelled with their true class, the i-th predicted at 1000 i and labelled 500 ms later. */
    private static List<LabelledDocument> window(List<Doc> docs) {
        List<LabelledDocument> out = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            out.add(docs.get(i).labelled(docs.get(i).label(), 1_000L * i, 1_000L * i + 500));
        }
        return out;
    }

    private static List<Doc> fitSlice(List<Doc> docs) {
        return docs.stream().filter(d -> !HeldOutSplit.isHeldOut(d.id(), POLICY.heldOutFraction())).toList();
    }

    private static VariantScore score(List<VariantScore> scores, Variant v) {
        return scores.stream().filter(s -> s.getVariant() == v).findFirst().orElseThrow();
    }

    @Test
    void promotesATemperatureChallengerOverTheIdentity() {
        List<Doc> docs = synthetic("doc-", 400, 61);
        List<Doc> fit = fitSlice(docs);
        int heldOut = docs.size() - fit.size();

        RefitOutcome outcome = ChallengerTrial.run(MODEL, window(docs), IDENTITY, POLICY, SEED, NOW);

        assertThat(outcome.isPromoted()).as(outcome.message()).isTrue();
        assertThat(outcome.rejection()).isNull();
        assertThat(outcome.key()).isEqualTo(MODEL);
        CalibratorModel m = outcome.promoted();
        assertThat(m.getModelId()).isEqualTo(MODEL);
        assertThat(m.getVersion()).isEqualTo(5);
        assertThat(m.getMethod()).isEqualTo("temperature");
        assertThat(m.getPromotedAt()).isEqualTo(Instant.ofEpochMilli(NOW));
        assertThat(m.getFitWindow().getSamples()).isEqualTo(fit.size());
        int firstFit = docs.indexOf(fit.get(0));
        int lastFit = docs.indexOf(fit.get(fit.size() - 1));
        assertThat(m.getFitWindow().getFromTime()).isEqualTo(Instant.ofEpochMilli(1_000L * firstFit));
        assertThat(m.getFitWindow().getToTime()).isEqualTo(Instant.ofEpochMilli(1_000L * lastFit + 1));
        assertThat(m.getHeldOut().getSamples()).isEqualTo(2 * heldOut);
        assertThat(m.getHeldOut().getChampion()).extracting(VariantScore::getVariant)
                .containsExactly(Variant.FP32, Variant.INT4);
        assertThat(m.getHeldOut().getChallenger()).extracting(VariantScore::getVariant)
                .containsExactly(Variant.FP32, Variant.INT4);
        for (Variant v : Variant.values()) {
            assertThat(score(m.getHeldOut().getChallenger(), v).getEce())
                    .isLessThan(score(m.getHeldOut().getChampion(), v).getEce() - 0.05);
            assertThat(score(m.getHeldOut().getChallenger(), v).getNll())
                    .isLessThan(score(m.getHeldOut().getChampion(), v).getNll());
        }
        // exactly the temperature fitted on the FP32 rows of the fit slice, with the trial's seed
        FittedCalibrator expected = CalibrationMethods.create("temperature").fit(fp32Set(fit), SEED);
        assertThat(CalibratorJson.read(m.getParametersJson()).parameterVector())
                .containsExactly(expected.parameterVector());
    }

    @Test
    void documentsWithoutAnFp32PredictionAreNeitherFittedNorHeldOut() {
        List<Doc> docs = synthetic("doc-", 400, 62);
        List<LabelledDocument> window = new ArrayList<>(window(docs));
        for (Doc d : synthetic("int4-only-", 100, 63)) {
            Map<Variant, double[]> p = new EnumMap<>(Variant.class);
            p.put(Variant.INT4, d.int4());
            window.add(new LabelledDocument(MODEL, d.id(), d.label(), 0, 1, p));
        }
        RefitOutcome outcome = ChallengerTrial.run(MODEL, window, IDENTITY, POLICY, SEED, NOW);
        assertThat(outcome.isPromoted()).as(outcome.message()).isTrue();
        assertThat(outcome.promoted().getFitWindow().getSamples()).isEqualTo(fitSlice(docs).size());
        assertThat(outcome.promoted().getHeldOut().getSamples()).isEqualTo(2 * (docs.size() - fitSlice(docs).size()));
    }

    @Test
    void aClassWithTooFewLabelsInTheFitSliceIsInsufficient() {
        List<Doc> docs = new ArrayList<>();
        int neutral = 0;
        for (Doc d : synthetic("doc-", 600, 64)) {
            if (d.label() != 2 || (!HeldOutSplit.isHeldOut(d.id(), POLICY.heldOutFraction()) && neutral++ < 9)) {
                docs.add(d);
            }
        }
        RefitOutcome outcome = ChallengerTrial.run(MODEL, window(docs), IDENTITY, POLICY, SEED, NOW);
        assertThat(outcome.isPromoted()).isFalse();
        assertThat(outcome.rejection()).isEqualTo(Rejection.INSUFFICIENT_LABELS);
        assertThat(outcome.message()).contains("class 2 has 9 labels").contains("fewer than 10");
    }

    @Test
    void tooFewHeldOutLabelsAreInsufficient() {
        List<Doc> docs = synthetic("doc-", 600, 65);
        List<Doc> fewHeldOut = new ArrayList<>(fitSlice(docs));
        docs.stream().filter(d -> HeldOutSplit.isHeldOut(d.id(), POLICY.heldOutFraction())).limit(29)
                .forEach(fewHeldOut::add);
        RefitOutcome outcome = ChallengerTrial.run(MODEL, window(fewHeldOut), IDENTITY, POLICY, SEED, NOW);
        assertThat(outcome.rejection()).isEqualTo(Rejection.INSUFFICIENT_LABELS);
        assertThat(outcome.message()).contains("29 held-out labels");

        fewHeldOut.add(docs.stream().filter(d -> HeldOutSplit.isHeldOut(d.id(), POLICY.heldOutFraction()))
                .skip(29).findFirst().orElseThrow());
        assertThat(ChallengerTrial.run(MODEL, window(fewHeldOut), IDENTITY, POLICY, SEED, NOW).isPromoted()).isTrue();
    }

    @Test
    void theSameCalibratorAsTheChampionIsNotBetter() {
        List<Doc> docs = synthetic("doc-", 400, 66);
        FittedCalibrator same = CalibrationMethods.create("temperature").fit(fp32Set(fitSlice(docs)), SEED);
        RefitOutcome outcome = ChallengerTrial.run(MODEL, window(docs), new Champion(2, same), POLICY, SEED, NOW);
        assertThat(outcome.isPromoted()).isFalse();
        assertThat(outcome.rejection()).isEqualTo(Rejection.NOT_BETTER);
        assertThat(outcome.message()).contains("FP32 held-out NLL");
    }

    @Test
    void aChangeBeyondTheLimitIsRefused() {
        List<Doc> docs = synthetic("doc-", 400, 67);
        // a learned champion that barely calibrates: temperature 1.05 (the data needs about 3)
        FittedCalibrator mild = CalibratorJson.read(CalibratorJson.write(
                CalibrationMethods.create("temperature").fit(fp32Set(fitSlice(docs)), SEED))
                .replaceAll("\"temperature\"\\s*:\\s*[0-9.eE+-]+", "\"temperature\": 1.05"));
        RefitPolicy tight = POLICY.withGuards(10, POLICY.eceTolerance(), POLICY.nllTolerance(), 0.01);
        RefitOutcome outcome = ChallengerTrial.run(MODEL, window(docs), new Champion(3, mild), tight, SEED, NOW);
        assertThat(outcome.rejection()).isEqualTo(Rejection.TOO_LARGE_CHANGE);
        assertThat(outcome.message()).contains("exceeds 0.010");
        // the same window passes with the usual limit
        assertThat(ChallengerTrial.run(MODEL, window(docs), new Champion(3, mild), POLICY, SEED, NOW).isPromoted()).isTrue();
    }

    @Test
    void replacingTheIdentityIsNotLimitedBecauseNothingLearnedIsAtStake() {
        List<Doc> docs = synthetic("doc-", 400, 67);
        RefitPolicy tight = POLICY.withGuards(10, POLICY.eceTolerance(), POLICY.nllTolerance(), 0.01);
        assertThat(ChallengerTrial.run(MODEL, window(docs), IDENTITY, tight, SEED, NOW).isPromoted()).isTrue();
    }

    @Test
    void aChallengerFittedOnFlippedLabelsIsWorseOnTrueHeldOutLabels() {
        List<Doc> docs = synthetic("doc-", 400, 68);
        FittedCalibrator good = CalibrationMethods.create("fuzzy").fit(fp32Set(synthetic("good-", 400, 69)), 1);
        List<LabelledDocument> window = new ArrayList<>();
        for (Doc d : docs) {
            boolean heldOut = HeldOutSplit.isHeldOut(d.id(), POLICY.heldOutFraction());
            window.add(d.labelled(heldOut ? d.label() : (d.label() + 1) % 3, 0, 1));
        }
        RefitOutcome outcome = ChallengerTrial.run(MODEL, window, new Champion(1, good), POLICY.withMethod("fuzzy"),
                SEED, NOW);
        assertThat(outcome.rejection()).isEqualTo(Rejection.WORSE_ON_HELD_OUT);
        assertThat(outcome.message()).contains("FP32 held-out").contains("champion v1");
    }

    @Test
    void anAutoChallengerIsTheMethodItPickedForTheWindow() {
        // A small window: auto's cross-validation cannot tell methods apart, so the simplest is fitted.
        List<Doc> docs = synthetic("doc-", 400, 70);
        RefitOutcome outcome = ChallengerTrial.run(MODEL, window(docs), IDENTITY, POLICY.withMethod("auto"), SEED, NOW);
        assertThat(outcome.isPromoted()).as(outcome.message()).isTrue();
        FittedCalibrator promoted = CalibratorJson.read(outcome.promoted().getParametersJson());
        assertThat(CalibrationMethods.BASE_METHODS).contains(promoted.method());
        assertThat(promoted).isEqualTo(CalibrationMethods.create("auto").fit(fp32Set(fitSlice(docs)), SEED));
    }

    /** Rows whose top class (0) is right with probability {@code accuracy}, at confidence {@code confidence}. */
    private static double[][] rows(int n, double confidence, long seed, int[] labelsOut, double accuracy) {
        java.util.Random r = new java.util.Random(seed);
        double[][] p = new double[n][];
        for (int i = 0; i < n; i++) {
            p[i] = new double[] {confidence, (1 - confidence) / 2, (1 - confidence) / 2};
            labelsOut[i] = r.nextDouble() < accuracy ? 0 : 1 + r.nextInt(2);
        }
        return p;
    }

    @Test
    void anEceRiseTheHeldOutSliceCannotMeasureDoesNotCountAsWorse() {
        // 40 held-out rows, 70% right: the champion says 0.70, the challenger 0.76 — an ECE rise of
        // about 0.06 in expectation, but a bootstrap of 40 rows cannot tell it from noise
        int[] y = new int[40];
        double[][] champion = rows(40, 0.70, 71, y, 0.70);
        double[][] challenger = rows(40, 0.76, 71, new int[40], 0.70);
        assertThat(ChallengerTrial.eceWorse(champion, challenger, y, POLICY, SEED)).isFalse();
        // the same calibrations on 4,000 rows: the rise is measured, and refused
        int[] many = new int[4000];
        double[][] championMany = rows(4000, 0.70, 72, many, 0.70);
        double[][] challengerMany = rows(4000, 0.76, 72, new int[4000], 0.70);
        assertThat(ChallengerTrial.eceWorse(championMany, challengerMany, many, POLICY, SEED)).isTrue();
        // a rise within the tolerance is never worse, however many rows measure it
        double[][] slightly = rows(4000, 0.702, 72, new int[4000], 0.70);
        assertThat(ChallengerTrial.eceWorse(championMany, slightly, many, POLICY, SEED)).isFalse();
        // and a challenger no worse than the champion never is
        assertThat(ChallengerTrial.eceWorse(challenger, champion, y, POLICY, SEED)).isFalse();
    }
}
