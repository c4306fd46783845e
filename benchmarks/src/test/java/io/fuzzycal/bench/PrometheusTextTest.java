package io.fuzzycal.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    private static final String SCRAPE = """
            # HELP jvm_memory_used_bytes The amount of used memory
            # TYPE jvm_memory_used_bytes gauge
            jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.048576E7
            jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 2.0E6
            jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 5.0E7
            jvm_memory_used_bytes_other{area="heap"} 99.0
            jvm_memory_max_bytes{area="heap",id="G1 Eden Space"} -1.0
            jvm_memory_max_bytes{area="heap",id="G1 Old Gen"} 2.01326592E8
            fuzzycal_calibration_window_size{model="m1"} 200.0
            process_uptime_seconds 12.5
            """;

    @Test
    void sumsTheSamplesOfOneMetricThatCarryTheGivenLabels() {
        assertThat(ServiceProcess.PrometheusText.sum(SCRAPE, "jvm_memory_used_bytes", "area=\"heap\""))
                .isEqualTo(1.048576E7 + 2.0E6);
        assertThat(ServiceProcess.PrometheusText.sum(SCRAPE, "jvm_memory_used_bytes")).isEqualTo(1.048576E7 + 2.0E6 + 5.0E7);
        assertThat(ServiceProcess.PrometheusText.sum(SCRAPE, "fuzzycal_calibration_window_size", "model=\"m2\"")).isZero();
        assertThat(ServiceProcess.PrometheusText.sum(SCRAPE, "process_uptime_seconds")).isEqualTo(12.5);
    }

    @Test
    void maxSkipsPoolsWithoutALimit() {
        assertThat(ServiceProcess.PrometheusText.max(SCRAPE, "jvm_memory_max_bytes", "area=\"heap\"")).isEqualTo(2.01326592E8);
        assertThat(ServiceProcess.PrometheusText.max(SCRAPE, "absent")).isNaN();
    }
}
