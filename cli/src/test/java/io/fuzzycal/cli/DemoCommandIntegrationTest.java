package io.fuzzycal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.testkit.HeadlessChromium;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, as a user runs it: {@code fuzzycal demo --duration 90s --scenario
 * regime-shift} in its own JVM, with its own broker, registry, services and feed. While it runs, the
 * dashboard is loaded in headless Chromium (charts drawn with data, a screenshot saved) and /metrics
 * is scraped; at the end its summary must show calibrated ECE below raw for FP32 and INT4, at least
 * one promoted refit, and counts that balance for a read_committed reader.
 */
class DemoCommandIntegrationTest {
    private static final Pattern DASHBOARD = Pattern.compile("dashboard\\s+(http://\\S+/)");
    private static final Pattern REFITS = Pattern.compile("refits: (\\d+) tried, (\\d+) promoted");
    private static final Path SCREENSHOT = Path.of("target", "demo-dashboard.png");

    @TempDir
    Path dir;

    @Test
    void theDemoRecalibratesARegimeShiftAndEveryCountBalances() throws Exception {
        Path log = Files.createDirectories(Path.of("target")).resolve("demo-it.log");
        Files.deleteIfExists(log);
        Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), FuzzycalCommand.class.getName(), "demo",
                "--duration", "90s", "--scenario", "regime-shift", "--data-dir", dir.resolve("demo").toString(),
                "--port", "0", "--kafka-port", "0", "--registry-port", "0", "--table-every", "10s")
                .redirectErrorStream(true).start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                    Files.writeString(log, line + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                            java.nio.file.StandardOpenOption.APPEND);
                }
            } catch (IOException e) {
                lines.add("test: output reader failed: " + e);
            }
        }, "demo-output");
        reader.start();
        try {
            String dashboard = awaitLine(lines, DASHBOARD, Duration.ofMinutes(4), demo).group(1);
            HttpClient http = HttpClient.newHttpClient();

            // ~70 s into the feed: past the shift, with windows closed and refits tried
            String metrics = null;
            try (HeadlessChromium browser = HeadlessChromium.start(1280, 1500)) {
                awaitLine(lines, Pattern.compile("^\\[01:1\\d / 01:30\\]"), Duration.ofMinutes(3), demo);
                browser.open(dashboard);
                assertThat(browser.await(Duration.ofSeconds(60), () -> lines(browser, "ece") >= 4
                        && minPoints(browser, "ece") >= 2 && lines(browser, "reliabilityFP32") >= 1
                        && minPoints(browser, "reliabilityFP32") >= 1 && minPoints(browser, "accuracy") >= 2))
                        .as("the dashboard draws ECE per variant and stage, reliability and accuracy with data; log: %s", log)
                        .isTrue();
                Files.createDirectories(SCREENSHOT.getParent());
                browser.screenshot(SCREENSHOT);
                assertThat(Files.size(SCREENSHOT)).isGreaterThan(20_000);
            }
            // the last scrape before the demo exits: the feed has stopped and the pipeline drains
            awaitLine(lines, Pattern.compile("feed stopped after"), Duration.ofMinutes(2), demo);
            metrics = http.send(HttpRequest.newBuilder(URI.create(dashboard + "metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("fuzzycal_calibration_ece{", "fuzzycal_inference_predictions_out_total{",
                    "fuzzycal_calibration_predictions_calibrated_total{");
            assertThat(value(metrics, "fuzzycal_calibration_refits_promoted_total")).isGreaterThanOrEqualTo(1);

            assertThat(demo.waitFor(3, TimeUnit.MINUTES)).as("the demo stops after --duration; log: %s", log).isTrue();
            reader.join(10_000);
            assertThat(demo.exitValue()).as("exit code; log: %s", log).isZero();
            String out = String.join("\n", lines);
            assertThat(out).contains("counts balance: yes");
            assertThat(out).contains("FP32: calibrated ECE below raw over the last", "INT4: calibrated ECE below raw over the last");
            assertThat(out).doesNotContain("calibrated ECE below raw over the last 0 labels");
            assertThat(lines.stream().filter(l -> l.contains("calibrated ECE below raw")).allMatch(l -> l.endsWith(": yes")))
                    .as("calibrated ECE below raw for both variants in the final window; log: %s", log).isTrue();
            Matcher refits = REFITS.matcher(out);
            assertThat(refits.find()).isTrue();
            assertThat(Integer.parseInt(refits.group(2))).as("promoted refits").isGreaterThanOrEqualTo(1);
            assertThat(out).doesNotContain("fuzzycal: error").doesNotContain("Exception in thread");
            assertThat(dir.resolve("demo").resolve(DemoCommand.LOG_FILE)).as("the broker's and clients' logs").isNotEmptyFile();
        } finally {
            demo.destroyForcibly();
        }
    }

    private static Matcher awaitLine(List<String> lines, Pattern pattern, Duration timeout, Process demo)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : lines) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m;
                }
            }
            if (!demo.isAlive()) {
                throw new AssertionError("the demo exited (" + demo.exitValue() + ") before printing " + pattern
                        + ":\n" + String.join("\n", lines));
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no line matching " + pattern + " in " + timeout + ":\n" + String.join("\n", lines));
    }

    /** Lines of {@code chart}; 0 before it exists. */
    private static long lines(HeadlessChromium b, String chart) {
        return (Long) b.script("var u = window.fuzzycalDashboard && window.fuzzycalDashboard.charts[arguments[0]];"
                + " return u ? u.data.length - 1 : 0", chart);
    }

    /** The fewest non-null points of any line of {@code chart}; 0 before it has lines. */
    private static long minPoints(HeadlessChromium b, String chart) {
        return (Long) b.script("var u = window.fuzzycalDashboard && window.fuzzycalDashboard.charts[arguments[0]];"
                + " if (!u || u.data.length < 2) return 0;"
                + " return Math.min(...u.data.slice(1).map(c => c.filter(v => v != null).length))", chart);
    }

    /** The sum of every sample of {@code name} in a Prometheus scrape. */
    private static double value(String scrape, String name) {
        return scrape.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
