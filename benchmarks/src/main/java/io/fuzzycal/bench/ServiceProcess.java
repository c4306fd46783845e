package io.fuzzycal.bench;

import java.io.IOException;
import java.net.URI;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fuzzycal service command ({@code calibrate-stream}, {@code inference}) in a JVM of its own, as
 * it is deployed: its resident memory is the service's alone, and it is watched the way an operator
 * would, through its Prometheus endpoint.
 */
final class ServiceProcess implements AutoCloseable {
    private static final Pattern METRICS_PORT = Pattern.compile("metrics on :(\\d+)/metrics");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final Path log;
    private final HttpClient http = HttpClient.newHttpClient();
    private int metricsPort = -1;

    private ServiceProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * The class whose {@code main} is the {@code fuzzycal} executable. Named, not imported: the bench
     * module must not depend on cli (cli depends on it for {@code fuzzycal bench}); the executable is
     * on the classpath whenever the harness runs as {@code fuzzycal bench}.
     */
    static final String EXECUTABLE_MAIN = System.getProperty("fuzzycal.main", "io.fuzzycal.cli.FuzzycalCommand");

    /**
     * Starts {@code fuzzycal <args>} on this JVM's classpath, with {@code javaOptions} (none: the JVM's
     * defaults) and {@code --metrics-port 0}; its output goes to {@code log}.
     */
    static ServiceProcess start(List<String> javaOptions, List<String> args, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), EXECUTABLE_MAIN));
        command.addAll(args);
        command.addAll(List.of("--metrics-port", "0"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ServiceProcess(p, log);
    }

    /** Waits until the service prints its metrics port, failing with its output if it exits first. */
    ServiceProcess awaitStarted() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = METRICS_PORT.matcher(output());
            if (m.find()) {
                metricsPort = Integer.parseInt(m.group(1));
                return this;
            }
            if (!process.isAlive()) {
                throw new IOException("the service exited with " + process.exitValue() + " before it started: " + output());
            }
            Thread.sleep(50);
        }
        throw new IOException("the service did not start within " + START_TIMEOUT + ": " + output());
    }

    /**
     * The sum of a metric's samples whose labels contain every one of {@code labels} (e.g.
     * {@code area="heap"}), from one scrape; 0 when there are none.
     */
    double metric(String name, String... labels) throws IOException, InterruptedException {
        return PrometheusText.sum(scrape(), name, labels);
    }

    /** One scrape of its Prometheus endpoint. */
    String scrape() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("metrics endpoint answered " + r.statusCode());
        }
        return r.body();
    }

    /** The largest of a metric's samples that carry every one of {@code labels}; NaN when there are none. */
    double max(String name, String... labels) throws IOException, InterruptedException {
        return PrometheusText.max(scrape(), name, labels);
    }

    long pid() {
        return process.pid();
    }

    long residentKb() throws IOException {
        return ResidentMemory.vmRssKb(status());
    }

    /** The largest resident set the process has had so far ({@code VmHWM}), in KiB. */
    long peakResidentKb() throws IOException {
        return ResidentMemory.vmHwmKb(status());
    }

    /** CPU time (user and system) the process has used so far, in seconds. */
    double cpuSeconds() throws IOException {
        return process.info().totalCpuDuration().orElseThrow(
                () -> new IOException("this system does not tell a process's CPU time")).toNanos() / 1e9;
    }

    private String status() throws IOException {
        if (!process.isAlive()) {
            throw new IOException("the service exited with " + process.exitValue() + ": " + output());
        }
        return Files.readString(Path.of("/proc", Long.toString(process.pid()), "status"));
    }

    /** SIGTERM, then its exit code; a service that does not stop within 60 s is killed and fails this. */
    int stop() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("the service did not stop within 60 s of SIGTERM: " + output());
        }
        return process.exitValue();
    }

    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    /** Reads samples out of the Prometheus text format. */
    static final class PrometheusText {
        private PrometheusText() {
        }

        static double sum(String scrape, String name, String... labels) {
            return values(scrape, name, labels).stream().mapToDouble(Double::doubleValue).sum();
        }

        static double max(String scrape, String name, String... labels) {
            return values(scrape, name, labels).stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }

        /** The values of {@code name}'s samples whose label set contains each of {@code labels} verbatim. */
        static List<Double> values(String scrape, String name, String... labels) {
            List<Double> values = new ArrayList<>();
            for (String line : scrape.split("\\R")) {
                if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                    continue;
                }
                int space = line.lastIndexOf(' ');
                String series = line.substring(0, space);
                boolean matches = true;
                for (String label : labels) {
                    matches &= series.contains(label);
                }
                if (matches) {
                    values.add(Double.parseDouble(line.substring(space + 1)));
                }
            }
            return values;
        }
    }
}
