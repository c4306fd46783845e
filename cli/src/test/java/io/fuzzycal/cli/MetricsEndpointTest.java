package io.fuzzycal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.monitor.dashboard.DashboardHistory;
import io.fuzzycal.monitor.dashboard.DashboardPage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {
    @Test
    void servesTheRegistryInPrometheusFormat() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Counter.builder("fuzzycal.test.records").tag("variant", "INT4").register(registry).increment(2);
        try (MetricsEndpoint endpoint = new MetricsEndpoint(registry, "127.0.0.1", 0)) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
            assertThat(r.body()).contains("fuzzycal_test_records_total{variant=\"INT4\"} 2.0");
        }
    }

    @Test
    void withTheDashboardItServesThePageAndItsDataAndMetricsAndHealthAsBefore() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Counter.builder("fuzzycal.test.records").register(registry).increment();
        ServiceHealth healthy = new ServiceHealth() {
            @Override
            public String notLive() {
                return null;
            }

            @Override
            public String notReady() {
                return null;
            }
        };
        try (DashboardHistory history = DashboardHistory.start(registry);
             MetricsEndpoint endpoint = new MetricsEndpoint(registry, "127.0.0.1", 0, healthy)) {
            endpoint.serveDashboard(history);
            HttpResponse<String> page = get(endpoint, "/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<title>fuzzycal monitor</title>");
            HttpResponse<String> data = get(endpoint, DashboardPage.API_PATH);
            assertThat(data.statusCode()).isEqualTo(200);
            assertThat(data.body()).contains("\"waiting\":true");
            assertThat(get(endpoint, "/metrics").body()).contains("fuzzycal_test_records_total 1.0");
            assertThat(get(endpoint, "/health/ready").body()).isEqualTo("ok\n");
            assertThat(get(endpoint, "/no-such-page").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aServiceRegistryCarriesTheJvmAndProcessMetrics() {
        String scrape = MetricsEndpoint.serviceRegistry().scrape();
        assertThat(scrape).containsPattern("jvm_memory_used_bytes\\{area=\"heap\",id=\"[^\"]+\"\\} [0-9.E]+")
                .contains("jvm_threads_live_threads", "jvm_classes_loaded_classes", "process_cpu_usage",
                        "process_uptime_seconds", "jvm_memory_max_bytes");
    }

    @Test
    void servesLivenessAndReadinessWithTheReasonWhenNot() throws Exception {
        String[] notReady = {"Kafka Streams state REBALANCING"};
        ServiceHealth health = new ServiceHealth() {
            @Override
            public String notLive() {
                return null;
            }

            @Override
            public String notReady() {
                return notReady[0];
            }
        };
        try (MetricsEndpoint endpoint = new MetricsEndpoint(MetricsEndpoint.serviceRegistry(), "127.0.0.1", 0, health)) {
            assertThat(get(endpoint, "/health/live").statusCode()).isEqualTo(200);
            HttpResponse<String> ready = get(endpoint, "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).isEqualTo("Kafka Streams state REBALANCING\n");
            notReady[0] = null;
            assertThat(get(endpoint, "/health/ready").body()).isEqualTo("ok\n");
            assertThat(get(endpoint, "/metrics").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void withoutAHealthThereAreNoHealthEndpoints() throws Exception {
        try (MetricsEndpoint endpoint = new MetricsEndpoint(MetricsEndpoint.serviceRegistry(), "127.0.0.1", 0)) {
            assertThat(get(endpoint, "/health/ready").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void streamsAreReadyOnlyWhenRunningWithTheirTopicsReachableAndLiveUnlessFailed() {
        try (TopicsReachable unreachable = new TopicsReachable("127.0.0.1:1",
                java.util.Map.of("request.timeout.ms", 1000, "default.api.timeout.ms", 2000),
                java.util.List.of("sentiment.predictions"), java.time.Duration.ofSeconds(5))) {
            org.apache.kafka.streams.KafkaStreams.State[] state = {org.apache.kafka.streams.KafkaStreams.State.REBALANCING};
            ServiceHealth health = ServiceHealth.streams(() -> state[0], unreachable);
            assertThat(health.notLive()).isNull();
            assertThat(health.notReady()).isEqualTo("Kafka Streams state REBALANCING");
            state[0] = org.apache.kafka.streams.KafkaStreams.State.RUNNING;
            assertThat(health.notReady()).startsWith("topics [sentiment.predictions] not reachable");
            state[0] = org.apache.kafka.streams.KafkaStreams.State.ERROR;
            assertThat(health.notLive()).isEqualTo("Kafka Streams state ERROR");
        }
    }

    @Test
    void aPollLoopIsLiveUntilItStallsAndReadyOnceItPolls() {
        try (TopicsReachable unreachable = new TopicsReachable("127.0.0.1:1",
                java.util.Map.of("request.timeout.ms", 1000, "default.api.timeout.ms", 2000),
                java.util.List.of("news.text"), java.time.Duration.ofSeconds(5))) {
            long[] since = {-1};
            ServiceHealth health = ServiceHealth.pollLoop(() -> since[0], java.time.Duration.ofMinutes(2), unreachable);
            assertThat(health.notLive()).isNull();
            assertThat(health.notReady()).isEqualTo("not polling yet");
            since[0] = java.time.Duration.ofSeconds(1).toNanos();
            assertThat(health.notReady()).startsWith("topics [news.text] not reachable");
            since[0] = java.time.Duration.ofMinutes(3).toNanos();
            assertThat(health.notLive()).isEqualTo("no poll for 180 s");
            assertThat(health.notReady()).isEqualTo("no poll for 180 s");
        }
    }

    private static HttpResponse<String> get(MetricsEndpoint endpoint, String path) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
