package io.fuzzycal.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The monitor as an operator sees it: its window step's event counters
 * ({@code fuzzycal_monitor_events_total}, by kind), scraped from its Prometheus endpoint every
 * {@link #PERIOD_MS} in a thread of its own. A label counts as taken when the labelled events reach
 * two per label sent so far (one per variant): the monitor has no per-label clock, so the lag of the
 * n-th label is the time from its send to the first scrape that counts n labels — in arrival order
 * rather than per label, and to within one period.
 */
final class MonitorSamples implements AutoCloseable {
    static final long PERIOD_MS = 200;

    /** One scrape: when, the labelled events, and the events of every kind. */
    record Sample(long atMs, double labelled, double all) {
    }

    private final ServiceProcess monitor;
    private final List<Sample> samples = new ArrayList<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean running = true;

    MonitorSamples(ServiceProcess monitor) {
        this.monitor = monitor;
        this.thread = new Thread(this::sample, "bench-pipeline-monitor-samples");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        while (running) {
            try {
                String scrape = monitor.scrape();
                long at = System.currentTimeMillis();
                Sample s = new Sample(at,
                        ServiceProcess.PrometheusText.sum(scrape, "fuzzycal_monitor_events_total", "kind=\"labelled\""),
                        ServiceProcess.PrometheusText.sum(scrape, "fuzzycal_monitor_events_total"));
                synchronized (this) {
                    samples.add(s);
                }
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                failure.set(e);
                return;
            }
        }
    }

    /** The latest sample, or one of zeros before the first. */
    synchronized Sample last() {
        check();
        return samples.isEmpty() ? new Sample(System.currentTimeMillis(), 0, 0) : samples.get(samples.size() - 1);
    }

    /** The latest sample taken at or before {@code ms}, or zeros. */
    synchronized Sample at(long ms) {
        Sample found = new Sample(ms, 0, 0);
        for (Sample s : samples) {
            if (s.atMs() > ms) {
                break;
            }
            found = s;
        }
        return found;
    }

    /**
     * The lag of each label from {@code firstLabel} on (0-based, in sending order) whose send times are
     * {@code sentMs}: ms from its send to the first sample counting {@code 2 * (index + 1)} labelled
     * events; labels not counted yet are left out.
     */
    synchronized List<Double> labelLags(int firstLabel, List<Long> sentMs) {
        List<Double> lags = new ArrayList<>();
        int s = 0;
        for (int i = 0; i < sentMs.size(); i++) {
            double needed = 2.0 * (firstLabel + i + 1);
            while (s < samples.size() && (samples.get(s).labelled() < needed || samples.get(s).atMs() < sentMs.get(i))) {
                s++;
            }
            if (s == samples.size()) {
                break;
            }
            lags.add((double) (samples.get(s).atMs() - sentMs.get(i)));
        }
        return lags;
    }

    void check() {
        if (failure.get() != null) {
            throw new IllegalStateException("scraping the monitor failed: " + failure.get(), failure.get());
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }
}
