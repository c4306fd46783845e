package io.fuzzycal.monitor;

import static io.fuzzycal.monitor.MonitorFixtures.MINUTE;
import static io.fuzzycal.monitor.MonitorFixtures.synthetic;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fuzzycal.monitor.MonitorFixtures.Doc;
import io.fuzzycal.monitor.dashboard.DashboardHistory;
import io.fuzzycal.monitor.dashboard.DashboardPage;
import io.fuzzycal.monitor.dashboard.MonitorReading;
import io.fuzzycal.schemas.StreamsSettings;
import io.fuzzycal.schemas.avro.CalibratedPrediction;
import io.fuzzycal.schemas.avro.CalibratorModel;
import io.fuzzycal.schemas.avro.FitWindow;
import io.fuzzycal.schemas.avro.Variant;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.schemas.serde.AvroSerializer;
import io.fuzzycal.testkit.HeadlessChromium;
import io.fuzzycal.testkit.KafkaCluster;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dashboard in a real browser: a monitor on the real broker fed calibrated predictions, their
 * labels and two calibrator promotions, its page served on a real HTTP server and loaded in headless
 * Chromium. First the honest empty state, then charts that hold points and paint pixels, a reliability
 * diagram with bins, and raised alerts in the table; a screenshot goes to target/dashboard.png.
 */
class DashboardPageIntegrationTest {
    @RegisterExtension
    static final KafkaCluster CLUSTER = new KafkaCluster();

    /** Raw over-confident, calibrated calibrated: the charts must show raw ECE above calibrated. */
    private static final double RAW_SHARPNESS = 3;
    /** Calibrated ECE alerts on windows of 20 labels or more: the synthetic data's sampling noise raises them. */
    private static final AlertThresholds ALERTING = new AlertThresholds(0.01, 9, 9, 99, 0.8, 20);
    /** Counts of the pixels of a chart's canvas within 10 of an RGB colour in each channel. */
    private static final String PIXELS_OF = """
            var c = window.fuzzycalDashboard.charts[arguments[0]].ctx.canvas;
            var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            var n = 0;
            for (var i = 0; i < d.length; i += 4) {
              if (d[i + 3] > 200 && Math.abs(d[i] - arguments[1]) <= 10 && Math.abs(d[i + 1] - arguments[2]) <= 10
                  && Math.abs(d[i + 2] - arguments[3]) <= 10) { n++; }
            }
            return n;""";

    @Test
    void theDashboardDrawsAMonitorOnARealBrokerInARealBrowser() throws Exception {
        KafkaCluster.Scope scope = KafkaCluster.newRegistryScope();
        SchemaRegistry registry = SchemaRegistry.fromConfig(Map.of("schema.registry.url", scope.url()));
        MonitorConfig config = MonitorFixtures.config(50, ALERTING);
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        long base = (System.currentTimeMillis() / MINUTE - 30) * MINUTE; // recent: retention keeps it
        try (DashboardHistory history = DashboardHistory.start(meters, Duration.ofMillis(250), Duration.ofMinutes(10));
             HeadlessChromium browser = HeadlessChromium.start(1400, 2000);
             MonitorService monitor = start(config, registry, meters);
             KafkaProducer<byte[], byte[]> producer = producer()) {
            DashboardPage.register(server, history);
            server.start();
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            assertThat(monitor.awaitRunning(Duration.ofMinutes(1))).isTrue();

            browser.open(url);
            assertThat(browser.await(Duration.ofSeconds(10), () -> polls(browser) > 0)).as("the page polled").isTrue();
            assertThat(browser.script("return document.getElementById('waiting').hidden")).as("empty state shown")
                    .isEqualTo(false);
            assertThat(text(browser, "#alerts tbody")).isEqualTo("No alert is raised.");
            assertThat(text(browser, "#current tbody")).isEqualTo("waiting for the first labelled window");

            // six minutes of record time, a minute a second: windows close one after another while the page watches
            List<Doc> docs = synthetic("d", 600, 41, RAW_SHARPNESS, 1);
            for (int minute = 0; minute < 6; minute++) {
                MonitorFixtures.sendTimed(producer, config, registry, docs.subList(minute * 100, minute * 100 + 100), base, minute * 100);
                if (minute == 1 || minute == 4) {
                    promote(producer, config, registry, minute == 1 ? 1 : 2, base + minute * MINUTE);
                }
                Thread.sleep(1_000);
            }
            MonitorFixtures.sendTimed(producer, config, registry, synthetic("tick", 1, 99, 1, 1), base + 20 * MINUTE, 0);

            boolean drawn = browser.await(Duration.ofSeconds(30), () -> {
                MonitorReading now = MonitorReading.read(meters);
                return now.calibratorVersion().orElse(0) == 2 && now.labelled("FP32", "CALIBRATED") > 0
                        && minPoints(browser, "ece") >= 8 && rows(browser, "#alerts tbody tr.alert") > 0
                        && points(browser, "refits", 1) > 0;
            });
            Path png = browser.screenshot(Path.of("target", "dashboard.png"));
            assertThat(drawn).as("charts with data within 30 s; see " + png.toAbsolutePath()).isTrue();
            Thread.sleep(1_500); // one more poll, after the last windows closed

            assertThat(browser.script("return document.getElementById('waiting').hidden")).isEqualTo(true);
            assertThat(browser.script("return window.fuzzycalDashboard.errors")).isEqualTo(0L);
            // ECE over time: four lines with points, raw above calibrated, and the values move as windows close
            assertThat(labels(browser, "ece")).containsExactly("FP32 raw", "FP32 calibrated", "INT4 raw",
                    "INT4 calibrated");
            assertThat(minPoints(browser, "ece")).isGreaterThanOrEqualTo(8);
            assertThat(last(browser, "ece", 1)).isGreaterThan(last(browser, "ece", 2) + 0.05);
            assertThat(last(browser, "ece", 3)).isGreaterThan(last(browser, "ece", 4) + 0.05);
            assertThat(browser.script("return new Set(window.fuzzycalDashboard.charts.ece.data[2]"
                    + ".filter(v => v != null)).size")).as("calibrated ECE of several windows")
                    .isInstanceOf(Long.class).satisfies(n -> assertThat((Long) n).isGreaterThan(1));
            assertThat(pixels(browser, "ece", 0x1f, 0x6f, 0xb4)).as("FP32's lines painted").isGreaterThan(100);
            assertThat(pixels(browser, "ece", 0xd9, 0x63, 0x1e)).as("INT4's lines painted").isGreaterThan(100);
            // the reliability diagrams: bins with accuracy for both stages, painted
            for (String variant : List.of("FP32", "INT4")) {
                assertThat(points(browser, "reliability" + variant, 2)).as(variant + " raw bins").isGreaterThan(3);
                assertThat(points(browser, "reliability" + variant, 3)).as(variant + " calibrated bins")
                        .isGreaterThan(3);
            }
            assertThat(pixels(browser, "reliabilityINT4", 0xd9, 0x63, 0x1e)).isGreaterThan(100);
            // accuracy with its label-free estimate, disagreement, calibrator versions and refits
            assertThat(labels(browser, "accuracy")).containsExactly("FP32 accuracy", "FP32 estimated",
                    "INT4 accuracy", "INT4 estimated");
            for (int line = 1; line <= 4; line++) {
                assertThat(points(browser, "accuracy", line)).isGreaterThanOrEqualTo(8);
            }
            assertThat(points(browser, "disagreement", 1)).isGreaterThanOrEqualTo(8);
            assertThat(labels(browser, "refits")).containsExactly("version m1", "refits promoted");
            assertThat(browser.script("return Math.max(...window.fuzzycalDashboard.charts.refits.data[1]"
                    + ".filter(v => v != null))")).isEqualTo(2L);
            // the tables: a row per series, the raised alerts
            assertThat(rows(browser, "#current tbody tr")).isEqualTo(4);
            assertThat(text(browser, "#alerts tbody")).contains("ece").contains("calibrated");
            assertThat(rows(browser, "#alerts tbody tr.alert"))
                    .isEqualTo(MonitorReading.read(meters).alerts().size());
            browser.screenshot(png);
            assertThat(Files.size(png)).isGreaterThan(20_000);
        } finally {
            server.stop(0);
        }
    }

    private static long polls(HeadlessChromium b) {
        return (Long) b.script("return window.fuzzycalDashboard ? window.fuzzycalDashboard.polls : 0");
    }

    private static String text(HeadlessChromium b, String selector) {
        return (String) b.script("return document.querySelector(arguments[0]).textContent.trim()", selector);
    }

    private static long rows(HeadlessChromium b, String selector) {
        return (Long) b.script("return document.querySelectorAll(arguments[0]).length", selector);
    }

    @SuppressWarnings("unchecked")
    private static List<String> labels(HeadlessChromium b, String chart) {
        return (List<String>) b.script("return window.fuzzycalDashboard.charts[arguments[0]].series.slice(1)"
                + ".map(s => s.label)", chart);
    }

    /** Non-null points of line {@code line} (1-based, as uPlot's data) of {@code chart}; 0 before it exists. */
    private static long points(HeadlessChromium b, String chart, int line) {
        return (Long) b.script("var u = window.fuzzycalDashboard && window.fuzzycalDashboard.charts[arguments[0]];"
                + " return u && u.data[arguments[1]] ? u.data[arguments[1]].filter(v => v != null).length : 0",
                chart, line);
    }

    /** The fewest non-null points of any line of {@code chart}; 0 before it has lines. */
    private static long minPoints(HeadlessChromium b, String chart) {
        return (Long) b.script("var u = window.fuzzycalDashboard && window.fuzzycalDashboard.charts[arguments[0]];"
                + " if (!u || u.data.length < 2) return 0;"
                + " return Math.min(...u.data.slice(1).map(c => c.filter(v => v != null).length))", chart);
    }

    private static double last(HeadlessChromium b, String chart, int line) {
        return ((Number) b.script("var c = window.fuzzycalDashboard.charts[arguments[0]].data[arguments[1]]"
                + ".filter(v => v != null); return c[c.length - 1]", chart, line)).doubleValue();
    }

    private static long pixels(HeadlessChromium b, String chart, int r, int g, int bl) {
        return (Long) b.script(PIXELS_OF, chart, r, g, bl);
    }

    private static MonitorService start(MonitorConfig config, SchemaRegistry registry,
                                        PrometheusMeterRegistry meters) throws Exception {
        Map<String, String> kafka = new HashMap<>();
        CLUSTER.clientProperties().forEach((k, v) -> kafka.put(k, String.valueOf(v)));
        kafka.remove("bootstrap.servers");
        return MonitorService.start(new StreamsSettings(CLUSTER.bootstrapServers(), kafka, "monitor-dashboard-it",
                CLUSTER.stateDir("monitor-dashboard"), 1, (short) 1, 1, "it"), config, registry, meters);
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> props = CLUSTER.clientProperties();
        props.put("acks", "all");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }


    /** A calibrator promotion on calibration.models, as calibration-stream writes one. */
    private static void promote(KafkaProducer<byte[], byte[]> producer, MonitorConfig config, SchemaRegistry registry,
                                long version, long time) {
        CalibratorModel model = CalibratorModel.newBuilder().setModelId(MonitorFixtures.MODEL).setVersion(version)
                .setMethod("fuzzy").setParametersJson("{}").setFitWindow(FitWindow.newBuilder()
                        .setFromTime(Instant.ofEpochMilli(time - MINUTE)).setToTime(Instant.ofEpochMilli(time))
                        .setSamples(100).build()).setPromotedAt(Instant.ofEpochMilli(time)).build();
        producer.send(new ProducerRecord<>(config.modelsTopic(), null, time, MonitorFixtures.utf8(MonitorFixtures.MODEL),
                new AvroSerializer<CalibratorModel>(registry).serialize(config.modelsTopic(), model)));
        producer.flush();
    }
}
