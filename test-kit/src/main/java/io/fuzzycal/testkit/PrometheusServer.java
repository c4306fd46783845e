package io.fuzzycal.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's {@code prometheus}, under {@link ExternalTool}'s rule) on a free
 * loopback port, with a config file the test writes; queried through its HTTP API.
 */
public final class PrometheusServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final Path log;
    private final String url;

    private PrometheusServer(Process process, Path log, String url) {
        this.process = process;
        this.log = log;
        this.url = url;
    }

    /** Starts Prometheus on {@code config} (YAML text), its data and log in {@code dir}; returns once it is ready. */
    public static PrometheusServer start(Path dir, String config) throws IOException, InterruptedException {
        ExternalTool prometheus = ExternalTool.require("prometheus", "apt-get install prometheus", "--version");
        Files.createDirectories(dir);
        Path configFile = Files.writeString(dir.resolve("prometheus.yml"), config);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = dir.resolve("prometheus.log");
        List<String> command = new ArrayList<>(List.of(prometheus.command(), "--config.file=" + configFile,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--web.enable-lifecycle"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        PrometheusServer server = new PrometheusServer(process, log, "http://127.0.0.1:" + port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("prometheus exited " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(server.url + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return server;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        server.close();
        throw new IOException("prometheus not ready in 60 s:\n" + Files.readString(log));
    }

    public String url() {
        return url;
    }

    /**
     * An instant query through {@code /api/v1/query}: the response's {@code data.result}, or an
     * {@link IllegalArgumentException} with Prometheus's error (a parse error, say).
     */
    public JsonNode query(String expr) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/query"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)))
                        .timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(r.body());
        if (!"success".equals(body.path("status").asText())) {
            throw new IllegalArgumentException(body.path("errorType").asText() + ": " + body.path("error").asText());
        }
        return body.path("data").path("result");
    }

    /** The scrape targets' health, {@code /api/v1/targets}. */
    public JsonNode targets() throws IOException, InterruptedException {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/targets")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("data").path("activeTargets");
    }

    /** How many rules (alerting and recording) the server loaded, {@code /api/v1/rules}. */
    public int ruleCount() throws IOException, InterruptedException {
        JsonNode groups = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/rules")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("data").path("groups");
        int n = 0;
        for (JsonNode g : groups) {
            n += g.path("rules").size();
        }
        return n;
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
