package io.fuzzycal.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
    void aServiceRegistryCarriesTheJvmAndProcessMetrics() {
        String scrape = MetricsEndpoint.serviceRegistry().scrape();
        assertThat(scrape).containsPattern("jvm_memory_used_bytes\\{area=\"heap\",id=\"[^\"]+\"\\} [0-9.E]+")
                .contains("jvm_threads_live_threads", "jvm_classes_loaded_classes", "process_cpu_usage",
                        "process_uptime_seconds", "jvm_memory_max_bytes");
    }
}
