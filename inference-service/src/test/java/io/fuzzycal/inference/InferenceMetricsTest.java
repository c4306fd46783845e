package io.fuzzycal.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.model.Precision;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class InferenceMetricsTest {
    @Test
    void exportsTheServiceMetersInPrometheusFormat() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        InferenceMetrics metrics = new InferenceMetrics(registry);
        metrics.consumed(3);
        metrics.scored(Precision.INT4, 2, 5_000_000);
        metrics.deadLettered(RejectedRecordException.Reason.EMPTY_TEXT);
        assertThat(registry.scrape())
                .contains("fuzzycal_inference_records_in_total 3.0")
                .contains("fuzzycal_inference_predictions_out_total{variant=\"INT4\"} 2.0")
                .contains("fuzzycal_inference_records_dlq_total{reason=\"EMPTY_TEXT\"} 1.0")
                .contains("fuzzycal_inference_model_latency_seconds_bucket{variant=\"INT4\"");
    }
}
