package io.fuzzycal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fuzzycal.devkafka.CommittedTopic;
import io.fuzzycal.devkafka.DevSchemaRegistryServer;
import io.fuzzycal.devkafka.EmbeddedKafkaBroker;
import io.fuzzycal.model.LabelledTexts;
import io.fuzzycal.model.TestBundles;
import io.fuzzycal.schemas.Topics;
import io.fuzzycal.testkit.DeployExpressions;
import io.fuzzycal.testkit.DeployExpressions.Expression;
import io.fuzzycal.testkit.PrometheusServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/ against the real services: the services run as operators run them (own JVMs, flags, the
 * embedded broker and the development registry over HTTP), a real Prometheus scrapes them with the
 * job names of deploy/prometheus/prometheus.yml and loads deploy's rule files, and EVERY PromQL
 * expression of the Grafana dashboards and the alert rules runs through its HTTP API: each must parse,
 * and each that names a fuzzycal series must return data (alerts with their thresholds made
 * {@code bool}, so that a quiet alert still shows its series).
 */
class DeployPromQlIntegrationTest {
    private static final Pattern METRICS_PORT = Pattern.compile("metrics on :(\\d+)/metrics");
    private static final int TEXTS = 200;

    /**
     * Series only the monitor exports. Expressions naming them must parse but may return nothing until
     * the monitor runs in this test; one that returns data fails, so that the list only shrinks. When
     * the monitor is merged: add it to {@link #SERVICES} and empty this list.
     */
    static final List<String> PENDING_MONITOR_SERIES = List.of(
            "fuzzycal_calibration_ece", "fuzzycal_calibration_ece_upper", "fuzzycal_reliability_accuracy",
            "fuzzycal_reliability_confidence", "fuzzycal_transfer_gap_ece", "fuzzycal_fp32_int4_disagreement",
            "fuzzycal_estimated_accuracy", "fuzzycal_calibration_accuracy", "fuzzycal_psi",
            "fuzzycal_calibrator_version", "fuzzycal_refits_total", "fuzzycal_alerts_active");

    /** A service as Prometheus sees it: the job of deploy/prometheus/prometheus.yml, and its command. */
    record Service(String job, List<String> args, String heap) {
    }

    private static final List<Service> SERVICES = List.of(
            new Service("fuzzycal-inference", List.of("inference", "--instance-id", "it-0", "--max-wait-ms", "20"), "-Xmx768m"),
            new Service("fuzzycal-calibrate-stream", List.of("calibrate-stream", "--instance-id", "it-0",
                    "--application-id", "it-calibration", "--refit-every-labels", "50",
                    // every refit is rejected (too few labels per class): the rejection series exist
                    "--min-samples-per-class", "100000"), "-Xmx256m"));
            // new Service("fuzzycal-monitor", List.of("monitor", "--instance-id", "it-0", "--application-id", "it-monitor"), "-Xmx384m"),

    @TempDir
    Path dir;

    @Test
    void everyDashboardAndRuleExpressionRunsOnTheLiveServices() throws Exception {
        Path root = DeployExpressions.repositoryRoot();
        String deployConfig = Files.readString(root.resolve("deploy/prometheus/prometheus.yml"));
        for (Service s : SERVICES) {
            assertThat(deployConfig).as("deploy/prometheus/prometheus.yml scrapes %s", s.job()).contains("job_name: " + s.job());
        }
        List<Expression> expressions = DeployExpressions.all(root);
        assertThat(expressions).hasSizeGreaterThan(20);

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dir.resolve("kafka")).port(0).start();
             DevSchemaRegistryServer registry = DevSchemaRegistryServer.start(broker.clientProperties(), "127.0.0.1", 0)) {
            Path bundle = TestBundles.defaultBundle().directory();
            List<Process> processes = new ArrayList<>();
            Map<String, Integer> ports = new HashMap<>();
            try {
                for (Service s : SERVICES) {
                    Path log = dir.resolve(s.job() + ".log");
                    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                            s.heap(), "-cp", System.getProperty("java.class.path"), FuzzycalCommand.class.getName()));
                    command.addAll(s.args());
                    command.addAll(List.of("--bootstrap-servers", broker.bootstrapServers(), "--schema-registry", registry.url(),
                            "--metrics-port", "0"));
                    if (s.args().get(0).equals("inference")) {
                        command.addAll(List.of("--bundle", bundle.toString(), "--threads", "1"));
                    } else {
                        command.addAll(List.of("--state-dir", dir.resolve("state-" + s.job()).toString()));
                    }
                    processes.add(new ProcessBuilder(command).redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start());
                    ports.put(s.job(), awaitMetricsPort(log, processes.get(processes.size() - 1)));
                }
                for (Service s : SERVICES) {
                    awaitReady(s.job(), ports.get(s.job()));
                }
                feed(broker);

                StringBuilder config = new StringBuilder("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                        + "rule_files:\n  - " + root.resolve("deploy/prometheus/rules") + "/*.yml\nscrape_configs:\n");
                for (Service s : SERVICES) {
                    config.append("  - job_name: ").append(s.job()).append("\n    static_configs:\n      - targets: [\"127.0.0.1:")
                            .append(ports.get(s.job())).append("\"]\n");
                }
                try (PrometheusServer prometheus = PrometheusServer.start(dir.resolve("prometheus"), config.toString())) {
                    awaitSamples(prometheus);
                    List<String> failures = problems(prometheus, expressions);
                    assertThat(failures).as("%d expressions (%d naming pending monitor series); Prometheus log:%n%s",
                            expressions.size(), expressions.stream().filter(e -> pendingSeries(e) != null).count(),
                            prometheus.log()).isEmpty();
                    // the same check on broken expressions, on the same live server: each must be reported
                    List<Expression> broken = List.of(
                            new Expression("broken: does not parse", "sum(rate(fuzzycal_inference_records_in_total[1m])", false),
                            new Expression("broken: misspelt series", "rate(fuzzycal_inference_record_in_total[1m])", false),
                            new Expression("broken: misspelt label value", "fuzzycal_inference_predictions_out_total{variant=\"INT8\"}", false),
                            new Expression("broken: alert on a missing series", "max(fuzzycal_calibration_window_sizes) > 10", true));
                    assertThat(problems(prometheus, broken)).hasSize(broken.size());
                    assertThat(prometheus.ruleCount()).as("deploy's rules loaded")
                            .isEqualTo(expressions.stream().filter(Expression::alert).count());
                }
            } finally {
                for (Process p : processes) {
                    p.destroy();
                }
                for (Process p : processes) {
                    if (!p.waitFor(60, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                }
            }
        }
    }

    /** What is wrong with {@code expressions} on the live server: none that does not run, none naming a fuzzycal series that returns nothing. */
    private static List<String> problems(PrometheusServer prometheus, List<Expression> expressions) throws Exception {
        List<String> failures = new ArrayList<>();
        for (Expression e : expressions) {
            String pending = pendingSeries(e);
            JsonNode result;
            try {
                result = prometheus.query(e.runnable());
            } catch (IllegalArgumentException parse) {
                failures.add(e.source() + ": does not run: " + parse.getMessage() + "\n    " + e.runnable());
                continue;
            }
            if (pending != null && !result.isEmpty()) {
                failures.add(e.source() + ": names pending " + pending + " but returns data: take it off PENDING_MONITOR_SERIES");
            } else if (pending == null && e.namesFuzzycalSeries() && result.isEmpty()) {
                failures.add(e.source() + ": returns no data\n    " + e.runnable());
            }
        }
        return failures;
    }

    private static String pendingSeries(Expression e) {
        return PENDING_MONITOR_SERIES.stream()
                .filter(name -> Pattern.compile("\\b" + name + "\\b").matcher(e.expr()).find()).findFirst().orElse(null);
    }

    /** Texts (and one empty record, a dead letter), then their labels (and one for no document, another). */
    private void feed(EmbeddedKafkaBroker broker) throws Exception {
        Map<String, Object> client = new HashMap<>(broker.clientProperties());
        client.put(ProducerConfig.ACKS_CONFIG, "all");
        LabelledTexts tweets = LabelledTexts.readCsv(TestBundles.tfnsData().resolve("valid.csv"), 3).head(TEXTS);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(client, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < TEXTS; i++) {
                sent.add(producer.send(new ProducerRecord<>(Topics.NEWS_TEXT, bytes("d" + i), bytes(tweets.texts().get(i)))));
            }
            sent.add(producer.send(new ProducerRecord<>(Topics.NEWS_TEXT, bytes("empty"), new byte[0])));
            for (Future<?> f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (CommittedTopic.endOffsets(new HashMap<>(broker.clientProperties()), Topics.CALIBRATED) < 2L * TEXTS) {
                assertThat(System.nanoTime()).as("every text scored and calibrated in time").isLessThan(deadline);
                Thread.sleep(250);
            }
            sent.clear();
            for (int i = 0; i < TEXTS; i++) {
                sent.add(producer.send(new ProducerRecord<>(Topics.FEEDBACK, bytes("d" + i),
                        bytes("{\"id\": \"d" + i + "\", \"label\": " + tweets.labels()[i] + "}"))));
            }
            sent.add(producer.send(new ProducerRecord<>(Topics.FEEDBACK, bytes("nobody"), bytes("{\"id\": \"nobody\", \"label\": 0}"))));
            for (Future<?> f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Until every target is up with 15 samples, so that rates over a minute have points to work on. */
    private static void awaitSamples(PrometheusServer prometheus) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            JsonNode r = prometheus.query("min(count_over_time(up[1m])) >= 15 and min(up) == 1 and count(up) == " + SERVICES.size());
            if (!r.isEmpty()) {
                return;
            }
            assertThat(System.nanoTime()).as("targets scraped: %s", prometheus.targets()).isLessThan(deadline);
            Thread.sleep(1000);
        }
    }

    private static void awaitReady(String job, int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/live")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
                return;
            }
            last = r.statusCode() + " " + r.body();
            Thread.sleep(500);
        }
        throw new AssertionError(job + " not ready in 120 s: " + last);
    }

    private static int awaitMetricsPort(Path log, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            Matcher m = METRICS_PORT.matcher(Files.readString(log));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            assertThat(process.isAlive()).as("exited early:%n%s", Files.readString(log)).isTrue();
            Thread.sleep(200);
        }
        throw new AssertionError("did not start:\n" + Files.readString(log));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
