package io.fuzzycal.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fuzzycal.monitor.dashboard.DashboardHistory;
import io.fuzzycal.monitor.dashboard.DashboardPage;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves {@code GET /metrics} in the Prometheus text format, and with a {@link ServiceHealth} also
 * {@code /health/live} and {@code /health/ready} (200 "ok", or 503 with the reason), the probes of
 * docker-compose.yml and deploy/k8s; with {@link #serveDashboard} also the monitor's dashboard at
 * {@code /}; port 0 picks a free port.
 */
final class MetricsEndpoint implements AutoCloseable {
    private final HttpServer server;

    /** Where the services' endpoints listen unless {@code --metrics-host} says otherwise: every interface. */
    static final String DEFAULT_HOST = "0.0.0.0";

    /** Where an endpoint on {@code host} would listen; an unknown host is bad input, found before a service starts. */
    static InetSocketAddress address(String host, int port) {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new InvalidInputException("--metrics-host " + host + ": no such address");
        }
        return address;
    }

    MetricsEndpoint(PrometheusMeterRegistry registry, String host, int port) throws IOException {
        this(registry, host, port, null);
    }

    MetricsEndpoint(PrometheusMeterRegistry registry, String host, int port, ServiceHealth health) throws IOException {
        InetSocketAddress address = address(host, port);
        try {
            server = HttpServer.create(address, 0);
        } catch (java.net.BindException e) {
            throw new InvalidInputException("cannot serve metrics on " + host + ":" + port + ": " + e.getMessage()
                    + " (choose --metrics-host or --metrics-port)", e);
        }
        // several threads: a readiness check waiting on the cluster must not hold up liveness, a scrape
        // or a browser loading the dashboard's page and assets at once
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "fuzzycal-metrics-endpoint");
            t.setDaemon(true);
            return t;
        }));
        if (health != null) {
            server.createContext("/health/live", exchange -> answer(exchange, health.notLive()));
            server.createContext("/health/ready", exchange -> answer(exchange, health.notReady()));
        }
        server.createContext("/metrics", exchange -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /**
     * A service's registry, with the JVM's and the process's own metrics bound (heap and other memory
     * pools, GC pauses, threads, CPU, uptime): what an operator looks at first when a service slows
     * down or grows. Lives as long as the process.
     */
    @SuppressWarnings("resource") // JvmGcMetrics listens to GC notifications for the life of the process
    static PrometheusMeterRegistry serviceRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }

    private static void answer(HttpExchange exchange, String problem) throws IOException {
        byte[] body = ((problem == null ? "ok" : problem) + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(problem == null ? 200 : 503, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /**
     * Adds the monitor's dashboard ({@code /}, its assets and {@code /api/dashboard}) over {@code history};
     * {@code /metrics} and {@code /health/*} answer as before.
     */
    void serveDashboard(DashboardHistory history) {
        DashboardPage.register(server, history);
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }
}
