package io.fuzzycal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fuzzycal.testkit.KafkaCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fuzzycal monitor} as deployed, in its own JVM: the dashboard at / of its metrics port, beside
 * /metrics and /health, which answer as before. (The page itself is tested in a browser by the
 * monitor module's DashboardPageIntegrationTest.)
 */
class MonitorDashboardIntegrationTest {
    private static final Pattern PORTS = Pattern.compile("metrics on :(\\d+)/metrics, dashboard on :(\\d+)/");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final KafkaCluster KAFKA = new KafkaCluster();
    @TempDir
    Path dir;

    @Test
    void theMonitorServesItsDashboardBesideMetricsAndHealth() throws Exception {
        Path log = dir.resolve("monitor.log");
        Process monitor = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), FuzzycalCommand.class.getName(), "monitor",
                "--bootstrap-servers", KAFKA.bootstrapServers(), "--metrics-host", "127.0.0.1", "--metrics-port", "0",
                "--state-dir", dir.resolve("state").toString(), "--instance-id", "dash-test",
                "--application-id", "dash-test-monitor", "--dashboard-interval", "500ms", "--dashboard-history", "1m")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            Matcher ports = awaitStarted(log, monitor);
            assertThat(ports.group(2)).isEqualTo(ports.group(1));
            String base = "http://127.0.0.1:" + ports.group(1);

            HttpResponse<String> page = get(base + "/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("fuzzycal monitor").contains("/dashboard/uplot/uPlot.iife.min.js");
            assertThat(get(base + "/dashboard/uplot/uPlot.iife.min.js").statusCode())
                    .as("uPlot from its WebJar on the executable's classpath").isEqualTo(200);
            JsonNode d = new ObjectMapper().readTree(get(base + "/api/dashboard").body());
            assertThat(d.get("waiting").asBoolean()).as("no window closed on an empty cluster").isTrue();
            assertThat(d.get("intervalMs").asLong()).isEqualTo(500);

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (new ObjectMapper().readTree(get(base + "/api/dashboard").body()).get("history").get("t").size() < 3) {
                assertThat(System.nanoTime()).as("the history samples every 500 ms").isLessThan(deadline);
                Thread.sleep(200);
            }
            HttpResponse<String> metrics = get(base + "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                    .startsWith("text/plain"));
            assertThat(metrics.body()).contains("jvm_memory_used_bytes");
            assertThat(get(base + "/health/live").body()).isEqualTo("ok\n");
            assertThat(get(base + "/no-such-page").statusCode()).isEqualTo(404);
        } finally {
            monitor.destroy();
            if (!monitor.waitFor(60, TimeUnit.SECONDS)) {
                monitor.destroyForcibly();
            }
        }
    }

    private static Matcher awaitStarted(Path log, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            Matcher m = PORTS.matcher(Files.readString(log));
            if (m.find()) {
                return m;
            }
            assertThat(process.isAlive()).as("the monitor exited early:%n%s", Files.readString(log)).isTrue();
            Thread.sleep(200);
        }
        throw new AssertionError("the monitor did not start:\n" + Files.readString(log));
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
