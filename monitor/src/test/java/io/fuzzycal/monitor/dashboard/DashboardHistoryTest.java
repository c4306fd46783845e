package io.fuzzycal.monitor.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DashboardHistoryTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static MonitorReading reading(int second, MonitorReading.Alert... alerts) {
        return new MonitorReading(T0.plusSeconds(second), List.of(), Map.of("m1", second / 100.0), Map.of(),
                List.of(), List.of(alerts));
    }

    @Test
    void keepsTheLastSpanOfSamplesOldestFirst() {
        DashboardHistory history = new DashboardHistory(new SimpleMeterRegistry(), Duration.ofSeconds(1),
                Duration.ofSeconds(5));
        assertThat(history.capacity()).isEqualTo(5);
        for (int s = 0; s < 8; s++) {
            history.add(reading(s));
        }
        assertThat(history.samples()).extracting(r -> r.at().getEpochSecond() - T0.getEpochSecond())
                .containsExactly(3L, 4L, 5L, 6L, 7L);
        assertThat(history.samples().get(4).disagreement()).contains(0.07);
    }

    @Test
    void anAlertIsRaisedSinceTheFirstSampleOfItsCurrentRaise() {
        DashboardHistory history = new DashboardHistory(new SimpleMeterRegistry(), Duration.ofSeconds(1),
                Duration.ofMinutes(1));
        MonitorReading.Alert ece = new MonitorReading.Alert("m1", "FP32", "CALIBRATED", "ece");
        MonitorReading.Alert psi = new MonitorReading.Alert("m1", "INT4", "RAW", "psi");
        history.add(reading(1, ece));
        history.add(reading(2, ece, psi));
        assertThat(history.alertsSince()).containsEntry(ece, T0.plusSeconds(1)).containsEntry(psi, T0.plusSeconds(2));
        history.add(reading(3, psi)); // ece cleared
        assertThat(history.alertsSince()).containsOnlyKeys(psi);
        history.add(reading(4, ece, psi)); // raised again: a new raise
        assertThat(history.alertsSince()).containsEntry(ece, T0.plusSeconds(4)).containsEntry(psi, T0.plusSeconds(2));
    }

    @Test
    void samplesTheRegistryOnItsOwnUntilClosed() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicLong version = new AtomicLong(3);
        Gauge.builder("fuzzycal.calibrator.version", version, AtomicLong::get).tag("model", "m1").register(registry);
        DashboardHistory history = DashboardHistory.start(registry, Duration.ofMillis(20), Duration.ofSeconds(10));
        try {
            awaitSamples(history, 3);
            version.set(4);
            int before = history.samples().size();
            awaitSamples(history, before + 2);
            assertThat(history.samples().get(0).calibratorVersion()).hasValue(3);
            assertThat(history.samples().get(history.samples().size() - 1).calibratorVersion()).hasValue(4);
            history.close();
            Thread.sleep(60); // a sample already running may finish
            int closed = history.samples().size();
            Thread.sleep(200);
            assertThat(history.samples()).as("no sample after close").hasSize(closed);
        } finally {
            history.close();
        }
    }

    @Test
    void refusesAnIntervalLongerThanTheSpan() {
        assertThatThrownBy(() -> DashboardHistory.start(new SimpleMeterRegistry(), Duration.ofMinutes(5),
                Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("span");
        assertThatThrownBy(() -> DashboardHistory.start(new SimpleMeterRegistry(), Duration.ZERO,
                Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
    }

    private static void awaitSamples(DashboardHistory history, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (history.samples().size() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + history.samples().size() + " samples in 10 s");
            }
            Thread.sleep(10);
        }
    }
}
