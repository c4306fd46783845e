package io.fuzzycal.monitor.dashboard;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the dashboard's time charts draw: a {@link MonitorReading} of the registry every {@code interval},
 * the last {@code span} of them in a ring buffer (the gauges hold only the latest window, so the
 * history lives here, in this process; Prometheus keeps the long one). Samples are kept without their
 * reliability bins, which only the current reading needs. Sampled on one daemon thread; thread-safe.
 */
public final class DashboardHistory implements AutoCloseable {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_SPAN = Duration.ofHours(2);
    private static final Logger LOG = LoggerFactory.getLogger(DashboardHistory.class);

    private final MeterRegistry registry;
    private final Duration interval;
    private final int capacity;
    private final ArrayDeque<MonitorReading> samples;
    /** When each raised alert was first seen raised, in this raise. */
    private final Map<MonitorReading.Alert, Instant> alertsSince = new LinkedHashMap<>();
    private ScheduledExecutorService timer;

    DashboardHistory(MeterRegistry registry, Duration interval, Duration span) {
        this.registry = Objects.requireNonNull(registry, "registry");
        if (interval.toMillis() < 1 || span.compareTo(interval) < 0) {
            throw new IllegalArgumentException("the dashboard samples every positive interval over a span at least"
                    + " that long, got every " + interval + " over " + span);
        }
        this.interval = interval;
        this.capacity = (int) Math.min(1_000_000, span.toMillis() / interval.toMillis());
        this.samples = new ArrayDeque<>(Math.min(capacity, 4096));
    }

    /** Samples {@code registry} now and every 5 s, keeping the last 2 h. */
    public static DashboardHistory start(MeterRegistry registry) {
        return start(registry, DEFAULT_INTERVAL, DEFAULT_SPAN);
    }

    /** Samples {@code registry} now and every {@code interval}, keeping the last {@code span}. */
    public static DashboardHistory start(MeterRegistry registry, Duration interval, Duration span) {
        DashboardHistory history = new DashboardHistory(registry, interval, span);
        history.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fuzzycal-dashboard-history");
            t.setDaemon(true);
            return t;
        });
        history.timer.scheduleAtFixedRate(history::sampleQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return history;
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException e) { // a thrown task would end the schedule for good
            LOG.warn("dashboard: could not sample the monitor's meters", e);
        }
    }

    /** Reads the registry now and appends the reading, dropping the oldest beyond the span. */
    void sample() {
        add(MonitorReading.read(registry));
    }

    synchronized void add(MonitorReading reading) {
        if (samples.size() == capacity) {
            samples.removeFirst();
        }
        samples.addLast(reading.withoutReliability());
        alertsSince.keySet().retainAll(reading.alerts());
        reading.alerts().forEach(a -> alertsSince.putIfAbsent(a, reading.at()));
    }

    /** The samples, oldest first. */
    public synchronized List<MonitorReading> samples() {
        return new ArrayList<>(samples);
    }

    /** The monitor's meters now, reliability bins included. */
    public MonitorReading current() {
        return MonitorReading.read(registry);
    }

    /** When each alert raised at the last sample was first seen raised. */
    public synchronized Map<MonitorReading.Alert, Instant> alertsSince() {
        return new LinkedHashMap<>(alertsSince);
    }

    public Duration interval() {
        return interval;
    }

    /** How many samples it keeps at most. */
    public int capacity() {
        return capacity;
    }

    /** Stops sampling; the samples taken stay readable. */
    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
