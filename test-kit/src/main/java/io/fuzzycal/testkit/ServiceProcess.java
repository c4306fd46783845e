package io.fuzzycal.testkit;

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
 * A {@code fuzzycal} service command ({@code inference}, {@code calibrate-stream}, {@code monitor},
 * ...) in a JVM of its own, started the way an operator starts it, and the faults an operator's
 * machine has: {@link #kill9()} (SIGKILL: no shutdown hook, a transaction may be open), {@link #stop()}
 * (SIGTERM) and {@link #restart()} with the same arguments. Readiness is the service's own
 * {@code /health/ready}; the metrics port comes from its start-up line. The one child-process helper of
 * the service tests.
 *
 * <pre>{@code
 * ServiceProcess inference = ServiceProcess.start("inference", List.of("-Xmx512m"),
 *         List.of("inference", "--bootstrap-servers", servers, "--metrics-port", "0"), dir.resolve("inference.log"))
 *     .awaitReady(Duration.ofMinutes(2));
 * inference.kill9();
 * inference.restart().awaitReady(Duration.ofMinutes(2));
 * }</pre>
 */
public final class ServiceProcess implements AutoCloseable {
    /** The class whose {@code main} is the {@code fuzzycal} executable, named so that test-kit need not depend on cli. */
    public static final String EXECUTABLE_MAIN = System.getProperty("fuzzycal.main", "io.fuzzycal.cli.FuzzycalCommand");
    private static final Pattern METRICS_PORT = Pattern.compile("metrics on :(\\d+)/metrics");

    private final String name;
    private final List<String> command;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    /** Where this start's output begins in the (appended) log. */
    private long logStart;
    private int metricsPort = -1;
    private int starts;

    private ServiceProcess(String name, List<String> command, Path log) {
        this.name = name;
        this.command = List.copyOf(command);
        this.log = log;
    }

    /**
     * Starts {@code fuzzycal <args>} with {@code javaOptions} on this JVM's classpath; stdout and
     * stderr are appended to {@code log}. Give {@code --metrics-port 0} for {@link #awaitReady}.
     */
    public static ServiceProcess start(String name, List<String> javaOptions, List<String> args, Path log)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), EXECUTABLE_MAIN));
        command.addAll(args);
        ServiceProcess service = new ServiceProcess(name, command, log);
        service.launch();
        return service;
    }

    private void launch() throws IOException {
        logStart = Files.exists(log) ? Files.size(log) : 0;
        metricsPort = -1;
        starts++;
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /**
     * Waits until the service printed its metrics port and its {@code /health/ready} answers 200;
     * fails with the output of this start if it exits first or takes longer than {@code timeout}.
     */
    public ServiceProcess awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastAnswer = "no metrics port yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready:\n"
                        + output());
            }
            if (metricsPort < 0) {
                Matcher m = METRICS_PORT.matcher(output());
                if (m.find()) {
                    metricsPort = Integer.parseInt(m.group(1));
                }
            }
            if (metricsPort >= 0) {
                try {
                    HttpResponse<String> r = get("/health/ready");
                    if (r.statusCode() == 200) {
                        return this;
                    }
                    lastAnswer = r.statusCode() + " " + r.body().strip();
                } catch (IOException e) {
                    lastAnswer = e.toString();
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " not ready within " + timeout + " (" + lastAnswer + "):\n" + output());
    }

    /** SIGKILL, and waits until the process is gone. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " survived SIGKILL for 30 s");
        }
    }

    /** SIGTERM without waiting: to stop several at once, then {@link #stop()} each (a second SIGTERM changes nothing). */
    public void terminate() {
        process.destroy();
    }

    /** SIGTERM, then the exit code; one that does not stop within {@code timeout} is killed and fails this. */
    public int stop(Duration timeout) throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " did not stop within " + timeout + " of SIGTERM:\n" + output());
        }
        return process.exitValue();
    }

    /** {@link #stop(Duration)} with 90 s. */
    public int stop() throws IOException, InterruptedException {
        return stop(Duration.ofSeconds(90));
    }

    /** Waits for the process to exit by itself and returns its exit code; fails after {@code timeout}. */
    public int awaitExit(Duration timeout) throws IOException, InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(name + " still runs after " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    /** Starts the same command again (the previous process must have ended), appending to the same log. */
    public ServiceProcess restart() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is still running: kill9() or stop() it first");
        }
        launch();
        return this;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** How many times it was started. */
    public int starts() {
        return starts;
    }

    public String name() {
        return name;
    }

    /** The port of this start's metrics endpoint; after {@link #awaitReady}. */
    public int metricsPort() {
        if (metricsPort < 0) {
            throw new IllegalStateException(name + ": awaitReady() first");
        }
        return metricsPort;
    }

    /** One scrape of {@code /metrics}, in the Prometheus text format. */
    public String scrape() throws IOException, InterruptedException {
        HttpResponse<String> r = get("/metrics");
        if (r.statusCode() != 200) {
            throw new IOException(name + " /metrics answered " + r.statusCode());
        }
        return r.body();
    }

    /** The sum of the samples of {@code metric} whose labels contain each of {@code labels} verbatim (e.g. {@code variant="FP32"}). */
    public double metric(String metric, String... labels) throws IOException, InterruptedException {
        return sum(scrape(), metric, labels);
    }

    /** The sum of {@code metric}'s samples in {@code scrape} whose labels contain each of {@code labels}; 0 when none. */
    public static double sum(String scrape, String metric, String... labels) {
        double sum = 0;
        for (String line : scrape.split("\\R")) {
            if (!line.startsWith(metric + "{") && !line.startsWith(metric + " ")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            String series = line.substring(0, space);
            boolean matches = true;
            for (String label : labels) {
                matches &= series.contains(label);
            }
            if (matches) {
                sum += Double.parseDouble(line.substring(space + 1));
            }
        }
        return sum;
    }

    /** The output of the current start. */
    public String output() throws IOException {
        byte[] all = Files.readAllBytes(log);
        int from = (int) Math.min(logStart, all.length);
        return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    }

    /** The whole log, every start. */
    public Path log() {
        return log;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Kills the process if it still runs, so that none outlives its test. */
    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
