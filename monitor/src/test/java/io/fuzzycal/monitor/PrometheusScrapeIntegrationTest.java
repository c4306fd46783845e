package io.fuzzycal.monitor;

import static io.fuzzycal.monitor.MonitorFixtures.MINUTE;
import static io.fuzzycal.monitor.MonitorFixtures.T0;
import static io.fuzzycal.monitor.MonitorFixtures.synthetic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.fuzzycal.monitor.MonitorFixtures.Doc;
import io.fuzzycal.schemas.avro.CalibrationMetrics;
import io.fuzzycal.schemas.registry.InMemorySchemaRegistry;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.testkit.ExternalTool;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server (Debian's {@code prometheus}) scrapes the monitor's meters, and a PromQL
 * query through its HTTP API returns the ECE series with the labels the README promises;
 * {@code promtool check metrics} accepts the exposition. Under {@link ExternalTool}'s rule.
 */
class PrometheusScrapeIntegrationTest {
    private static final String SCOPE = "prometheus-scrape-test";
    private static final SchemaRegistry REGISTRY = SchemaRegistry.fromConfig(
            Map.of("schema.registry.url", "mock://" + SCOPE));

    @TempDir
    Path dir;

    @AfterAll
    static void drop() {
        InMemorySchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void prometheusScrapesTheEceWithItsLabelsAndPromtoolAcceptsTheExposition() throws Exception {
        ExternalTool.require("prometheus", "apt-get install prometheus", "--version");
        ExternalTool.require("promtool", "apt-get install prometheus", "--version");
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CalibrationMetrics last;
        try (var h = new MonitorFixtures.Harness(MonitorFixtures.config(50, AlertThresholds.defaults()), REGISTRY,
                dir.resolve("state"), meters)) {
            List<Doc> docs = synthetic("d", 120, 21, 3, 1);
            for (int i = 0; i < docs.size(); i++) {
                h.predict(docs.get(i), T0 + i * 1000L, 0);
                h.label(docs.get(i), T0 + i * 1000L + 500);
            }
            h.predict(synthetic("tick", 1, 99, 1, 1).get(0), T0 + 10 * MINUTE, 0);
            last = h.metrics().stream().filter(m -> "time".equals(m.getWindow())
                    && m.getVariant().name().equals("INT4") && m.getStage().name().equals("CALIBRATED"))
                    .reduce((a, b) -> b).orElseThrow();
        }
        String exposition = meters.scrape();
        Process lint = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = lint.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String lintOutput = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lint.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(lint.exitValue()).as("promtool check metrics: %s", lintOutput).isZero();

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = meters.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        int webPort = freePort();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: fuzzycal-monitor\n"
                + "    static_configs:\n      - targets: ['127.0.0.1:" + server.getAddress().getPort() + "']\n");
        Process prometheus = new ProcessBuilder("prometheus", "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + webPort)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        try {
            String query = "fuzzycal_calibration_ece{variant=\"INT4\",stage=\"CALIBRATED\",window=\"time\"}";
            JsonNode result = awaitSeries(webPort, query);
            assertThat(result.size()).isEqualTo(1);
            JsonNode metric = result.get(0).get("metric");
            assertThat(metric.get("__name__").asText()).isEqualTo("fuzzycal_calibration_ece");
            assertThat(metric.get("model").asText()).isEqualTo("m1");
            assertThat(metric.get("variant").asText()).isEqualTo("INT4");
            assertThat(metric.get("stage").asText()).isEqualTo("CALIBRATED");
            assertThat(metric.get("window").asText()).isEqualTo("time");
            assertThat(metric.get("job").asText()).isEqualTo("fuzzycal-monitor");
            assertThat(Double.parseDouble(result.get(0).get("value").get(1).asText())).isEqualTo(last.getEce());
        } finally {
            prometheus.destroy();
            prometheus.waitFor(30, TimeUnit.SECONDS);
            server.stop(0);
        }
    }

    /** The query's vector once Prometheus has scraped the series (up to a minute). */
    private static JsonNode awaitSeries(int port, String query) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "(no answer)";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).build(),
                        HttpResponse.BodyHandlers.ofString());
                last = response.body();
                JsonNode result = new ObjectMapper().readTree(last).path("data").path("result");
                if (response.statusCode() == 200 && result.size() > 0) {
                    return result;
                }
            } catch (java.io.IOException notUpYet) {
                last = notUpYet.toString();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("Prometheus never returned " + query + ": " + last);
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
