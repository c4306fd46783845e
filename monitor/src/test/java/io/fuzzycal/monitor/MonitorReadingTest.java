package io.fuzzycal.monitor;

import static io.fuzzycal.monitor.MonitorFixtures.MINUTE;
import static io.fuzzycal.monitor.MonitorFixtures.T0;
import static io.fuzzycal.monitor.MonitorFixtures.synthetic;
import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.monitor.MonitorFixtures.Doc;
import io.fuzzycal.monitor.MonitorFixtures.Harness;
import io.fuzzycal.monitor.dashboard.MonitorReading;
import io.fuzzycal.schemas.avro.CalibrationMetrics;
import io.fuzzycal.schemas.avro.CalibratorModel;
import io.fuzzycal.schemas.avro.FitWindow;
import io.fuzzycal.schemas.avro.Stage;
import io.fuzzycal.schemas.avro.Variant;
import io.fuzzycal.schemas.registry.InMemorySchemaRegistry;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link MonitorReading} over meters that the real topology filled through {@link MonitorMetrics}. */
class MonitorReadingTest {
    private static final String SCOPE = "monitor-reading-test";
    private static final SchemaRegistry REGISTRY = SchemaRegistry.fromConfig(
            Map.of("schema.registry.url", "mock://" + SCOPE));

    @TempDir
    Path stateDir;

    @AfterAll
    static void drop() {
        InMemorySchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void anEmptyRegistryReadsAsWaitingForTheFirstLabelledWindow() {
        try (Harness h = new Harness(MonitorFixtures.config(50, AlertThresholds.defaults()), REGISTRY, stateDir,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            MonitorReading r = MonitorReading.read(h.meters);
            assertThat(r.hasLabelledWindow()).isFalse();
            assertThat(r.series()).isEmpty();
            assertThat(r.ece("FP32", "CALIBRATED")).isEmpty();
            assertThat(r.labelled("FP32", "CALIBRATED")).isZero();
            assertThat(r.calibratorVersion()).isEmpty();
            assertThat(r.alerts()).isEmpty();
        }
    }

    @Test
    void everyValueEqualsTheLastClosedWindowOnCalibrationMetrics() {
        // an ECE threshold every calibrated window passes: both variants' calibrated ECE alerts are raised
        AlertThresholds alerting = new AlertThresholds(1e-6, 9, 9, 99, 0.8, 0);
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Harness h = new Harness(MonitorFixtures.config(50, alerting), REGISTRY, stateDir, meters)) {
            List<Doc> docs = synthetic("d", 120, 21, 3, 1);
            for (int i = 0; i < docs.size(); i++) {
                h.predict(docs.get(i), T0 + i * 1000L, 2);
                h.label(docs.get(i), T0 + i * 1000L + 500);
            }
            h.predict(synthetic("tick", 1, 99, 1, 1).get(0), T0 + 10 * MINUTE, 2);
            CalibratorModel model = CalibratorModel.newBuilder().setModelId(MonitorFixtures.MODEL).setVersion(4)
                    .setMethod("fuzzy").setParametersJson("{}").setFitWindow(FitWindow.newBuilder()
                            .setFromTime(Instant.ofEpochMilli(T0)).setToTime(Instant.ofEpochMilli(T0)).setSamples(1)
                            .build()).setPromotedAt(Instant.ofEpochMilli(T0)).build();
            h.pipeModel(MonitorFixtures.utf8("m1"), h.bytesOf(h.config.modelsTopic(), model), T0);
            List<CalibrationMetrics> closed = h.metrics();

            MonitorReading r = MonitorReading.read(meters);

            assertThat(r.hasLabelledWindow()).isTrue();
            assertThat(r.series()).hasSize(4);
            for (Variant v : Variant.values()) {
                for (Stage s : Stage.values()) {
                    CalibrationMetrics time = last(closed, v, s, "time");
                    CalibrationMetrics count = last(closed, v, s, "count");
                    MonitorReading.SeriesReading series = r.series(v.name(), s.name()).orElseThrow();
                    assertThat(series.model()).isEqualTo(MonitorFixtures.MODEL);
                    MonitorReading.WindowReading w = series.time();
                    assertThat(w.ece()).isEqualTo(time.getEce());
                    assertThat(r.ece(v.name(), s.name())).contains(time.getEce());
                    assertThat(w.eceLower()).isEqualTo(time.getEceLower());
                    assertThat(w.eceUpper()).isEqualTo(time.getEceUpper());
                    assertThat(w.accuracy()).isEqualTo(time.getAccuracy());
                    assertThat(r.accuracy(v.name(), s.name())).contains(time.getAccuracy());
                    assertThat(w.labelled()).isEqualTo(time.getN());
                    assertThat(r.estimatedAccuracy(v.name(), s.name())).contains(time.getEstimatedAccuracy());
                    assertThat(series.meanConfidence()).isEqualTo(time.getMeanConfidence());
                    assertThat(series.windowCalibratorVersion()).isEqualTo(2);
                    assertThat(w.reliability()).hasSize(time.getReliability().size());
                    for (int b = 0; b < w.reliability().size(); b++) {
                        MonitorReading.Bin bin = w.reliability().get(b);
                        var expected = time.getReliability().get(b);
                        assertThat(bin.index()).isEqualTo(b);
                        assertThat(bin.samples()).isEqualTo(expected.getCount());
                        assertThat(bin.lower()).isEqualTo(expected.getLower());
                        if (expected.getCount() > 0) {
                            assertThat(bin.meanConfidence()).isEqualTo(expected.getMeanConfidence());
                            assertThat(bin.accuracy()).isEqualTo(expected.getAccuracy());
                        } else {
                            assertThat(bin.accuracy()).isNaN();
                        }
                    }
                    assertThat(series.count().ece()).isEqualTo(count.getEce());
                    assertThat(series.count().labelled()).isEqualTo(count.getN());
                }
            }
            assertThat(r.disagreement()).contains(last(closed, Variant.INT4, Stage.RAW, "time").getDisagreement());
            assertThat(r.calibratorVersion()).hasValue(4);
            assertThat(r.refits("promoted")).isEqualTo(1);
            assertThat(r.alerts()).extracting(a -> a.variant() + "/" + a.stage() + "/" + a.metric())
                    .containsExactly("FP32/CALIBRATED/ece", "INT4/CALIBRATED/ece");
        }
    }

    private static CalibrationMetrics last(List<CalibrationMetrics> all, Variant v, Stage s, String window) {
        return all.stream().filter(m -> m.getVariant() == v && m.getStage() == s && m.getWindow().equals(window))
                .reduce((a, b) -> b).orElseThrow();
    }
}
