package io.fuzzycal.monitor;

import static io.fuzzycal.monitor.MonitorFixtures.MINUTE;
import static io.fuzzycal.monitor.MonitorFixtures.T0;
import static io.fuzzycal.monitor.MonitorFixtures.config;
import static io.fuzzycal.monitor.MonitorFixtures.synthetic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fuzzycal.calibration.metrics.CalibrationMeasures;
import io.fuzzycal.calibration.metrics.MetricReport;
import io.fuzzycal.calibration.metrics.ReliabilityBin;
import io.fuzzycal.monitor.MonitorFixtures.Doc;
import io.fuzzycal.monitor.MonitorFixtures.Harness;
import io.fuzzycal.schemas.DeadLetterHeaders;
import io.fuzzycal.schemas.avro.CalibrationMetrics;
import io.fuzzycal.schemas.avro.CalibratorModel;
import io.fuzzycal.schemas.avro.FitWindow;
import io.fuzzycal.schemas.avro.DriftAlert;
import io.fuzzycal.schemas.avro.Stage;
import io.fuzzycal.schemas.avro.Variant;
import io.fuzzycal.schemas.registry.InMemorySchemaRegistry;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorTopologyTest {
    private static final String SCOPE = "monitor-topology-test";
    private static final SchemaRegistry REGISTRY = SchemaRegistry.fromConfig(
            Map.of("schema.registry.url", "mock://" + SCOPE));
    private static final double EXACT = 1e-12;
    /** Thresholds no test data reaches, for tests about something else. */
    private static final AlertThresholds QUIET = new AlertThresholds(9, 9, 9, 99, 0.8, 0);

    @TempDir
    Path stateDir;

    @AfterAll
    static void drop() {
        InMemorySchemaRegistry.dropScope(SCOPE);
    }

    /** 120 documents, one per second from T0, each labelled 0.5 s after its predictions; then a tick at 10 min. */
    private static List<Doc> feed(Harness h, List<Doc> docs) {
        for (int i = 0; i < docs.size(); i++) {
            h.predict(docs.get(i), T0 + i * 1000L, 0);
            h.label(docs.get(i), T0 + i * 1000L + 500);
        }
        h.predict(synthetic("tick", 1, 99, 1, 1).get(0), T0 + 10 * MINUTE, 0);
        return docs;
    }

    @Test
    void everyMetricOfEveryClosedWindowEqualsCalibrationCoreOnTheSameRecords() {
        try (Harness h = new Harness(config(50, QUIET), REGISTRY, stateDir)) {
            List<Doc> docs = feed(h, synthetic("d", 120, 1, 3, 1));
            List<CalibrationMetrics> windows = time(h.metrics());
            assertThat(windows).hasSize(5 * 4); // ends 1..5 min, four series each
            for (CalibrationMetrics m : windows) {
                long start = m.getWindowStart().toEpochMilli();
                long end = m.getWindowEnd().toEpochMilli();
                List<Doc> labelled = between(docs, start - 500, end - 500); // label time = prediction time + 500
                assertEqualsCore(m, labelled);
                List<Doc> predicted = between(docs, start, end);
                double[] conf = new double[predicted.size()];
                double estimated = 0;
                long disagreements = 0;
                for (int i = 0; i < conf.length; i++) {
                    Doc d = predicted.get(i);
                    double[] p = d.probabilities(m.getVariant(), m.getStage());
                    int k = argmax(p);
                    conf[i] = p[k];
                    estimated += d.calibrated(m.getVariant())[k];
                    disagreements += argmax(d.fp32Raw()) != argmax(d.int4Raw()) ? 1 : 0;
                }
                assertThat(m.getPredictions()).isEqualTo(predicted.size());
                assertThat(m.getMeanConfidence()).isCloseTo(mean(conf), within(EXACT));
                assertThat(m.getEstimatedAccuracy()).isCloseTo(estimated / conf.length, within(EXACT));
                Predicate<CalibrationMetrics> sameWindow = o -> o.getWindowEnd().equals(m.getWindowEnd());
                if (m.getVariant() == Variant.INT4) {
                    CalibrationMetrics fp32 = find(windows, sameWindow, Variant.FP32, m.getStage());
                    assertThat(m.getTransferGapEce()).isCloseTo(m.getEce() - fp32.getEce(), within(EXACT));
                } else {
                    assertThat(m.getTransferGapEce()).isNull();
                }
                if (m.getStage() == Stage.CALIBRATED) {
                    CalibrationMetrics raw = find(windows, sameWindow, m.getVariant(), Stage.RAW);
                    assertThat(m.getCalibrationGainEce()).isCloseTo(raw.getEce() - m.getEce(), within(EXACT));
                }
                if (m.getVariant() == Variant.INT4 && m.getStage() == Stage.RAW) {
                    assertThat(m.getDisagreement()).isCloseTo((double) disagreements / conf.length, within(EXACT));
                }
                assertThat(m.getEceLower()).isLessThanOrEqualTo(m.getEceUpper());
            }
            CalibrationMetrics all = find(windows, m -> m.getN() == 120, Variant.FP32, Stage.RAW);
            assertThat(all.getEce()).as("the raw stage is over-confident").isGreaterThan(0.1);
            // the meters show the last closed window of each series
            CalibrationMetrics last = windows.get(windows.size() - 1);
            assertThat(h.gauge("fuzzycal.calibration.ece", "model", MonitorFixtures.MODEL, "variant",
                    last.getVariant().name(), "stage", last.getStage().name(), "window", "time"))
                    .isEqualTo(last.getEce());
            int bin = 0;
            while (last.getReliability().get(bin).getCount() == 0) {
                bin++;
            }
            assertThat(h.gauge("fuzzycal.reliability.confidence", "variant", last.getVariant().name(), "stage",
                    last.getStage().name(), "window", "time", "bin", Integer.toString(bin)))
                    .isEqualTo(last.getReliability().get(bin).getMeanConfidence());
        }
    }

    @Test
    void windowsHopCloseAndExpireAsConfiguredAndLateEventsCountNowhere() {
        try (Harness h = new Harness(config(50, QUIET), REGISTRY, stateDir)) {
            feed(h, synthetic("d", 120, 2, 3, 1));
            List<CalibrationMetrics> fp32 = time(h.metrics()).stream()
                    .filter(m -> m.getVariant() == Variant.FP32 && m.getStage() == Stage.RAW).toList();
            assertThat(fp32).extracting(m -> m.getWindowEnd().toEpochMilli() - T0)
                    .containsExactly(MINUTE, 2 * MINUTE, 3 * MINUTE, 4 * MINUTE, 5 * MINUTE);
            assertThat(fp32).allMatch(m -> m.getWindowEnd().toEpochMilli() - m.getWindowStart().toEpochMilli()
                    == 4 * MINUTE);
            assertThat(fp32).extracting(CalibrationMetrics::getN).containsExactly(60L, 120L, 120L, 120L, 60L);
            // only the tick's pane is left; the labelled rows of closed windows are gone
            assertThat(h.storeSize(MonitorTopology.PANES)).isEqualTo(1);
            assertThat(h.storeSize(MonitorTopology.ROWS)).isZero();

            h.predict(synthetic("late", 1, 3, 1, 1).get(0), T0 + 5 * MINUTE, 0); // its windows closed at 9 min
            h.predict(synthetic("tock", 1, 4, 1, 1).get(0), T0 + 20 * MINUTE, 0);
            assertThat(h.count("fuzzycal.monitor.events.late")).isEqualTo(3); // two predictions and their pair
            assertThat(time(h.metrics())).extracting(m -> m.getWindowEnd().toEpochMilli() - T0)
                    .as("the tick's windows, never the late document's").containsOnly(11 * MINUTE, 12 * MINUTE,
                            13 * MINUTE, 14 * MINUTE);
        }
    }

    @Test
    void theCountWindowHoldsExactlyTheLastNLabels() {
        try (Harness h = new Harness(config(50, QUIET), REGISTRY, stateDir)) {
            List<Doc> docs = feed(h, synthetic("d", 120, 3, 3, 1));
            List<CalibrationMetrics> count = h.metrics().stream().filter(m -> "count".equals(m.getWindow())).toList();
            for (Variant v : Variant.values()) {
                for (Stage s : Stage.values()) {
                    CalibrationMetrics last = count.stream()
                            .filter(m -> m.getVariant() == v && m.getStage() == s).reduce((a, b) -> b).orElseThrow();
                    assertThat(last.getN()).isEqualTo(50);
                    assertEqualsCore(last, docs.subList(70, 120));
                    assertThat(last.getWindowStart().toEpochMilli()).isEqualTo(T0 + 70_500);
                    assertThat(last.getWindowEnd().toEpochMilli()).isEqualTo(T0 + 119_501);
                }
            }
            CalibrationMetrics first = count.get(0);
            assertThat(first.getN()).as("the first window closed after 60 labels").isEqualTo(50);
        }
    }

    @Test
    void anAlertFiresOnceOnABreachAndClearsOnceOnRecovery() {
        // only full windows (400 labels) may raise or clear: the partial ones at either end are noisy
        AlertThresholds thresholds = new AlertThresholds(0.10, 9, 9, 99, 0.6, 350);
        try (Harness h = new Harness(config(50, thresholds), REGISTRY, stateDir)) {
            List<Doc> overconfident = synthetic("o", 6 * 100, 5, 3, 3);
            List<Doc> calibrated = synthetic("c", 14 * 100, 6, 3, 1);
            List<Doc> all = new ArrayList<>(overconfident);
            all.addAll(calibrated);
            for (int i = 0; i < all.size(); i++) { // 100 documents a minute for 20 minutes
                long t = T0 + i * 600L;
                h.predict(all.get(i), t, 0);
                h.label(all.get(i), t + 300);
            }
            h.predict(synthetic("tick", 1, 99, 1, 1).get(0), T0 + 30 * MINUTE, 0);
            List<DriftAlert> alerts = h.alerts().stream().filter(a -> a.getMetric().equals("ece")).toList();
            for (Variant v : Variant.values()) {
                List<DriftAlert> mine = alerts.stream().filter(a -> a.getVariant() == v).toList();
                assertThat(mine).extracting(DriftAlert::getCleared).containsExactly(false, true);
                assertThat(mine).allMatch(a -> a.getStage() == Stage.CALIBRATED && a.getModelId().equals("m1"));
                assertThat(mine.get(0).getValue()).isGreaterThan(0.10);
                assertThat(mine.get(1).getValue()).isLessThan(0.06);
                assertThat(mine.get(0).getWindowEnd()).isBefore(mine.get(1).getWindowEnd());
                assertThat(h.gauge("fuzzycal.alerts.active", "variant", v.name(), "stage", "CALIBRATED",
                        "metric", "ece")).isZero();
            }
        }
    }

    @Test
    void estimatedAccuracyTracksTheRealisedOneOnCalibratedData() {
        try (Harness h = new Harness(config(50, QUIET), REGISTRY, stateDir)) {
            List<Doc> docs = synthetic("d", 3000, 7, 3, 1);
            for (int i = 0; i < docs.size(); i++) { // all within the first 3 minutes
                long t = T0 + i * 50L;
                h.predict(docs.get(i), t, 0);
                h.label(docs.get(i), t + 10);
            }
            h.predict(synthetic("tick", 1, 99, 1, 1).get(0), T0 + 10 * MINUTE, 0);
            CalibrationMetrics full = time(h.metrics()).stream().filter(m -> m.getN() == 3000).findFirst().orElseThrow();
            for (CalibrationMetrics m : time(h.metrics()).stream().filter(m -> m.getN() > 1000).toList()) {
                assertThat(m.getEstimatedAccuracy()).as("%s %s", m.getVariant(), m.getStage())
                        .isCloseTo(m.getAccuracy(), within(0.02));
            }
            assertThat(full).isNotNull();
            assertThat(Math.abs(h.gauge("fuzzycal.estimated.accuracy.error", "variant", "FP32", "stage",
                    "CALIBRATED"))).isLessThan(0.02);
        }
    }

    @Test
    void lateUnmatchedInvalidAndMalformedRecordsReachTheDeadLetterTopicsAsTheyCame() {
        try (Harness h = new Harness(config(50, QUIET), REGISTRY, stateDir)) {
            Doc doc = synthetic("d", 1, 8, 3, 1).get(0);
            h.predict(doc, T0, 0);
            h.label("d0", "{\"id\":\"d0\",\"label\":1}", T0 + 65 * MINUTE); // delay 1 h, kept 1 h 10 min
            h.label("nobody", "{\"id\":\"nobody\",\"label\":1}", T0 + 65 * MINUTE);
            h.label("d0", "{\"id\":\"d0\",\"label\":7}", T0 + 30 * MINUTE);
            h.label("d0", "not a label", T0 + 30 * MINUTE);
            var feedbackDead = h.feedbackDeadLetters();
            List<String> reasons = feedbackDead.stream()
                    .map(r -> DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.REASON)).toList();
            assertThat(reasons).containsExactly("LATE", "UNMATCHED", "INVALID_LABEL", "MALFORMED");
            assertThat(feedbackDead).allMatch(r -> "monitor".equals(DeadLetterHeaders.text(r.headers(),
                    DeadLetterHeaders.SERVICE)));


            byte[] garbage = MonitorFixtures.utf8("garbage");
            h.pipeCalibrated(MonitorFixtures.utf8("x"), garbage, T0);
            double[] bad = {0.5, 0.6, 0.1};
            h.pipeCalibrated(MonitorFixtures.utf8("y"), h.bytesOf(h.config.calibratedTopic(),
                    MonitorFixtures.prediction("y", Variant.FP32, bad, bad, 0)), T0);
            var dead = h.calibratedDeadLetters();
            assertThat(dead).hasSize(2);
            assertThat(dead.get(0).value()).isEqualTo(garbage);
            assertThat(DeadLetterHeaders.text(dead.get(1).headers(), DeadLetterHeaders.MESSAGE)).contains("sum to");
            assertThat(DeadLetterHeaders.text(dead.get(1).headers(), DeadLetterHeaders.SOURCE_TOPIC))
                    .isEqualTo(h.config.calibratedTopic());
        }
    }

    @Test
    void aShiftOfThePredictedClassesRaisesPsiAndDisagreementAlertsAndTheModelsTopicSetsTheVersion() {
        AlertThresholds thresholds = new AlertThresholds(9, 9, 0.3, 0.25, 0.8, 20);
        try (Harness h = new Harness(config(50, thresholds), REGISTRY, stateDir)) {
            List<Doc> steady = synthetic("s", 6 * 60, 12, 1, 1);
            for (int i = 0; i < steady.size(); i++) { // one a second for 6 minutes
                h.predict(steady.get(i), T0 + i * 1000L, 0);
            }
            double[] bearish = {0.7, 0.2, 0.1};
            double[] bullish = {0.2, 0.7, 0.1};
            for (int i = 0; i < 6 * 60; i++) { // then every document Bearish, and INT4 says Bullish for half of them
                Doc d = new Doc("b" + i, 0, bearish, bearish, i % 2 == 0 ? bullish : bearish, bearish);
                h.predict(d, T0 + (360 + i) * 1000L, 0);
            }
            h.predict(synthetic("tick", 1, 99, 1, 1).get(0), T0 + 30 * MINUTE, 0);
            List<DriftAlert> alerts = h.alerts();
            List<DriftAlert> psi = alerts.stream().filter(a -> a.getMetric().equals("psi")
                    && a.getVariant() == Variant.FP32 && a.getStage() == Stage.RAW).toList();
            assertThat(psi).extracting(DriftAlert::getCleared).containsExactly(false);
            assertThat(psi.get(0).getValue()).isGreaterThan(0.25);
            List<DriftAlert> disagreement = alerts.stream().filter(a -> a.getMetric().equals("disagreement")).toList();
            assertThat(disagreement).extracting(DriftAlert::getCleared).containsExactly(false);
            assertThat(disagreement.get(0).getVariant()).isEqualTo(Variant.INT4);
            assertThat(h.gauge("fuzzycal.alerts.active", "metric", "disagreement")).isEqualTo(1);
            assertThat(h.gauge("fuzzycal.fp32.int4.disagreement", "model", MonitorFixtures.MODEL))
                    .as("the last window: half the documents").isEqualTo(0.5);

            CalibratorModel model = CalibratorModel.newBuilder().setModelId(MonitorFixtures.MODEL).setVersion(3)
                    .setMethod("fuzzy").setParametersJson("{}").setFitWindow(FitWindow.newBuilder()
                            .setFromTime(Instant.ofEpochMilli(T0)).setToTime(Instant.ofEpochMilli(T0)).setSamples(1)
                            .build()).setPromotedAt(Instant.ofEpochMilli(T0)).build();
            h.pipeModel(MonitorFixtures.utf8("m1"), h.bytesOf(h.config.modelsTopic(), model), T0);
            assertThat(h.gauge("fuzzycal.calibrator.version", "model", "m1")).isEqualTo(3);
            assertThat(h.count("fuzzycal.refits", "model", "m1", "outcome", "promoted")).isEqualTo(1);
        }
    }

    // ---- helpers ----

    private static void assertEqualsCore(CalibrationMetrics m, List<Doc> labelled) {
        double[][] p = new double[labelled.size()][];
        int[] y = new int[labelled.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = labelled.get(i).probabilities(m.getVariant(), m.getStage());
            y[i] = labelled.get(i).label();
        }
        assertThat(m.getN()).isEqualTo(p.length);
        MetricReport core = CalibrationMeasures.evaluate(p, y, 15);
        String what = m.getVariant() + "/" + m.getStage() + " ending " + m.getWindowEnd();
        assertThat(m.getEce()).as(what).isCloseTo(core.ece(), within(EXACT));
        assertThat(m.getEqualMassEce()).as(what).isCloseTo(core.equalMassEce(), within(EXACT));
        assertThat(m.getClasswiseEce()).as(what).isCloseTo(core.classwiseEce(), within(EXACT));
        assertThat(m.getMce()).as(what).isCloseTo(core.mce(), within(EXACT));
        assertThat(m.getBrier()).as(what).isCloseTo(core.brier(), within(EXACT));
        assertThat(m.getNll()).as(what).isCloseTo(core.nll(), within(EXACT));
        assertThat(m.getAccuracy()).as(what).isCloseTo(core.accuracy(), within(EXACT));
        List<ReliabilityBin> bins = CalibrationMeasures.reliability(p, y, 15);
        assertThat(m.getReliability()).hasSize(15);
        for (int b = 0; b < 15; b++) {
            var mine = m.getReliability().get(b);
            assertThat(mine.getCount()).isEqualTo(bins.get(b).count());
            assertThat(mine.getLower()).isEqualTo(bins.get(b).lower());
            if (bins.get(b).count() > 0) {
                assertThat(mine.getMeanConfidence()).isCloseTo(bins.get(b).meanConfidence(), within(EXACT));
                assertThat(mine.getAccuracy()).isCloseTo(bins.get(b).accuracy(), within(EXACT));
            } else {
                assertThat(mine.getMeanConfidence()).isNull();
            }
        }
    }

    private static List<CalibrationMetrics> time(List<CalibrationMetrics> all) {
        return all.stream().filter(m -> "time".equals(m.getWindow())).toList();
    }

    private static CalibrationMetrics find(List<CalibrationMetrics> all, Predicate<CalibrationMetrics> which,
                                           Variant v, Stage s) {
        return all.stream().filter(which).filter(m -> m.getVariant() == v && m.getStage() == s).findFirst()
                .orElseThrow();
    }

    /** The documents fed at T0 + i s whose time is in [from, to). */
    private static List<Doc> between(List<Doc> docs, long from, long to) {
        List<Doc> out = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            long t = T0 + i * 1000L;
            if (t >= from && t < to) {
                out.add(docs.get(i));
            }
        }
        return out;
    }

    private static int argmax(double[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return best;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }
}
