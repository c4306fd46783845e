package io.fuzzycal.monitor;

import static io.fuzzycal.monitor.MonitorFixtures.MINUTE;
import static io.fuzzycal.monitor.MonitorFixtures.T0;
import static io.fuzzycal.monitor.MonitorFixtures.synthetic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.fuzzycal.monitor.MonitorFixtures.Doc;
import io.fuzzycal.monitor.MonitorFixtures.Harness;
import io.fuzzycal.monitor.dashboard.DashboardHistory;
import io.fuzzycal.monitor.dashboard.DashboardPage;
import io.fuzzycal.schemas.avro.CalibrationMetrics;
import io.fuzzycal.schemas.avro.Stage;
import io.fuzzycal.schemas.avro.Variant;
import io.fuzzycal.schemas.registry.InMemorySchemaRegistry;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's HTTP side on a real server: the page, its assets, and its JSON from meters the topology filled. */
class DashboardPageTest {
    private static final String SCOPE = "dashboard-page-test";
    private static final SchemaRegistry REGISTRY = SchemaRegistry.fromConfig(
            Map.of("schema.registry.url", "mock://" + SCOPE));
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path stateDir;
    private HttpServer server;

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // a context of its own, as MetricsEndpoint's /metrics: the dashboard's "/" must not shadow it
        server.createContext("/metrics", exchange -> {
            byte[] body = "metrics\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @AfterAll
    static void drop() {
        InMemorySchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void servesThePageItsAssetsFromTheWebJarAndNothingElse() throws Exception {
        try (DashboardHistory history = DashboardHistory.start(new SimpleMeterRegistry())) {
            DashboardPage.register(server, history);
            HttpResponse<String> page = get("/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(page.body()).contains("<script src=\"/dashboard/uplot/uPlot.iife.min.js\">")
                    .contains("/dashboard/dashboard.js").doesNotContain("https://").doesNotContain("http://");
            HttpResponse<String> uplot = get("/dashboard/uplot/uPlot.iife.min.js");
            assertThat(uplot.statusCode()).isEqualTo(200);
            assertThat(uplot.body()).as("uPlot itself, from its WebJar").contains("uPlot").hasSizeGreaterThan(20_000);
            assertThat(get("/dashboard/uplot/uPlot.min.css").statusCode()).isEqualTo(200);
            assertThat(get("/dashboard/dashboard.js").body()).contains("/api/dashboard");
            assertThat(get("/dashboard/dashboard.css").statusCode()).isEqualTo(200);
            assertThat(get("/dashboard/uplot/package.json").statusCode()).isEqualTo(404);
            assertThat(get("/dashboard/../pom.xml").statusCode()).isEqualTo(404);
            assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
            assertThat(get("/metrics").body()).isEqualTo("metrics\n");
            HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(uri(DashboardPage.API_PATH))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }

    @Test
    void beforeAnyWindowTheJsonSaysItIsWaiting() throws Exception {
        try (DashboardHistory history = DashboardHistory.start(new SimpleMeterRegistry())) {
            DashboardPage.register(server, history);
            JsonNode d = json();
            assertThat(d.get("waiting").asBoolean()).isTrue();
            assertThat(d.get("current").get("series")).isEmpty();
            assertThat(d.get("current").get("alerts")).isEmpty();
            assertThat(d.get("history").get("series")).isEmpty();
        }
    }

    @Test
    void theJsonHoldsTheCurrentReadingAndTheHistoryOfTheMonitorsMeters() throws Exception {
        AlertThresholds alerting = new AlertThresholds(1e-6, 9, 9, 99, 0.8, 0);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (Harness h = new Harness(MonitorFixtures.config(50, alerting), REGISTRY, stateDir, meters)) {
            List<Doc> docs = synthetic("d", 120, 31, 3, 1);
            for (int i = 0; i < docs.size(); i++) {
                h.predict(docs.get(i), T0 + i * 1000L, 1);
                h.label(docs.get(i), T0 + i * 1000L + 500);
            }
            h.predict(synthetic("tick", 1, 99, 1, 1).get(0), T0 + 10 * MINUTE, 1);
            List<CalibrationMetrics> closed = h.metrics();
            // sampled once now, then not for an hour
            try (DashboardHistory history = DashboardHistory.start(meters, Duration.ofHours(1), Duration.ofHours(2))) {
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (history.samples().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                DashboardPage.register(server, history);
                JsonNode d = json();
                assertThat(d.get("waiting").asBoolean()).isFalse();
                assertThat(d.get("intervalMs").asLong()).isEqualTo(3_600_000);
                assertThat(d.get("history").get("t")).hasSize(1);
                JsonNode current = d.get("current");
                assertThat(current.get("series")).hasSize(4);
                for (JsonNode s : current.get("series")) {
                    Variant v = Variant.valueOf(s.get("variant").asText());
                    Stage st = Stage.valueOf(s.get("stage").asText());
                    CalibrationMetrics last = closed.stream().filter(m -> m.getVariant() == v && m.getStage() == st
                            && m.getWindow().equals("time")).reduce((a, b) -> b).orElseThrow();
                    JsonNode time = s.get("time");
                    assertThat(time.get("ece").asDouble()).isEqualTo(last.getEce());
                    assertThat(time.get("eceUpper").asDouble()).isEqualTo(last.getEceUpper());
                    assertThat(time.get("labelled").asLong()).isEqualTo(last.getN());
                    assertThat(time.get("reliability")).hasSize(last.getReliability().size());
                    for (int b = 0; b < last.getReliability().size(); b++) {
                        JsonNode bin = time.get("reliability").get(b);
                        assertThat(bin.get("samples").asLong()).isEqualTo(last.getReliability().get(b).getCount());
                        assertThat(bin.get("accuracy").isNull()).isEqualTo(last.getReliability().get(b).getCount() == 0);
                    }
                    assertThat(s.get("estimatedAccuracy").asDouble()).isEqualTo(last.getEstimatedAccuracy());
                    JsonNode column = d.get("history").get("series").get(s.get("key").asText());
                    assertThat(column.get("ece")).hasSize(1);
                    assertThat(column.get("ece").get(0).asDouble()).isEqualTo(last.getEce());
                    assertThat(column.get("accuracy").get(0).asDouble()).isEqualTo(last.getAccuracy());
                }
                assertThat(d.get("history").get("disagreement").get("m1").get(0).asDouble())
                        .isEqualTo(closed.stream().filter(m -> m.getVariant() == Variant.INT4
                                && m.getStage() == Stage.RAW && m.getWindow().equals("time")).reduce((a, b) -> b)
                                .orElseThrow().getDisagreement());
                assertThat(current.get("alerts")).extracting(a -> a.get("variant").asText() + "/"
                        + a.get("metric").asText() + "/" + a.get("since").isNumber())
                        .containsExactly("FP32/ece/true", "INT4/ece/true");
            }
        }
    }

    private JsonNode json() throws Exception {
        HttpResponse<String> r = get(DashboardPage.API_PATH);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }
}
