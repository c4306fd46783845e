package io.fuzzycal.monitor;

import io.fuzzycal.schemas.avro.CalibrationMetrics;
import io.fuzzycal.schemas.avro.DriftAlert;
import io.fuzzycal.schemas.avro.Stage;
import io.fuzzycal.schemas.avro.Variant;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The window step, per model (its input is keyed by model id). Each event updates one pane of
 * {@link BinStats} and, if labelled, the count window; once stream time passes a window's end (plus
 * the close delay) the window is merged from its panes, measured, published to calibration.metrics
 * and the meters, checked against the alert thresholds, and the panes no later window needs expire.
 * Every store is changelogged, so a restarted monitor resumes with its windows as they were.
 */
final class WindowAggregator implements Processor<byte[], byte[], String, Object> {
    private final MonitorConfig config;
    private final MonitorMetrics metrics;
    private final long size;
    private final long advance;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<Bytes, byte[]> panes;
    private KeyValueStore<Bytes, byte[]> rows;
    private KeyValueStore<String, byte[]> progress;
    private Alerts alerts;
    private KeyValueStore<String, byte[]> references;
    private CountWindow countWindow;
    /** The models this task has seen: the keys of the progress store, kept here so an event scans no store. */
    private final java.util.Set<String> models = new java.util.TreeSet<>();

    WindowAggregator(MonitorConfig config, MonitorMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.size = config.windowSize().toMillis();
        this.advance = config.windowAdvance().toMillis();
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        panes = context.getStateStore(MonitorTopology.PANES);
        rows = context.getStateStore(MonitorTopology.ROWS);
        progress = context.getStateStore(MonitorTopology.PROGRESS);
        references = context.getStateStore(MonitorTopology.REFERENCES);
        alerts = new Alerts(context.getStateStore(MonitorTopology.ALERTS), config.thresholds(), metrics);
        countWindow = new CountWindow(context.getStateStore(MonitorTopology.COUNT_ROWS),
                context.getStateStore(MonitorTopology.COUNT_HEADS), config.countWindow(), config.bins());
        models.clear();
        try (KeyValueIterator<String, byte[]> it = progress.all()) {
            it.forEachRemaining(kv -> models.add(kv.key));
        }
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        MonitorEvent e = MonitorEvent.fromBytes(record.value());
        long t = record.timestamp();
        long pane = Math.floorDiv(t, advance) * advance;
        long[] p = progress(e.modelId());
        if (p == null) {
            p = new long[] {pane, pane, pane}; // last closed end, latest pane, first pane
        }
        try {
            if (e.kind() == MonitorEvent.Kind.LABELLED) {
                countWindow.add(e.modelId(), e.variant(), t, e.label(), e.raw(), e.calibrated());
            }
            if (pane + size <= p[0]) {
                metrics.tooLate(); // every window holding it has closed
            } else {
                addToPane(e, pane, recordOffset());
                p[1] = Math.max(p[1], pane);
                p[2] = Math.min(p[2], pane);
            }
        } catch (IllegalArgumentException classesChanged) {
            metrics.unusable(); // the model's class count changed under the same id: not measurable with its past
        }
        progress.put(e.modelId(), encode(p));
        models.add(e.modelId());
        closeUpTo(context.currentStreamTimeMs());
        metrics.event(e.kind());
    }

    private long recordOffset() {
        return context.recordMetadata().map(m -> m.offset()).orElse(0L);
    }

    private void addToPane(MonitorEvent e, long pane, long offset) {
        Bytes key = StoreKeys.of(e.modelId(), pane);
        Pane stats = Pane.fromBytes(panes.get(key));
        int classes = e.raw().length;
        int bins = config.bins();
        switch (e.kind()) {
            case PAIR -> {
                stats.pairs++;
                stats.disagreements += e.disagree() ? 1 : 0;
            }
            case PREDICTION -> {
                stats.stats(new Series(e.variant(), Stage.RAW), bins, classes)
                        .prediction(e.raw(), e.calibrated(), e.calibratorVersion());
                stats.stats(new Series(e.variant(), Stage.CALIBRATED), bins, classes)
                        .prediction(e.calibrated(), e.calibrated(), e.calibratorVersion());
            }
            case LABELLED -> {
                stats.stats(new Series(e.variant(), Stage.RAW), bins, classes).labelled(e.raw(), e.label(), 1);
                stats.stats(new Series(e.variant(), Stage.CALIBRATED), bins, classes)
                        .labelled(e.calibrated(), e.label(), 1);
                // (confidence, hit) per stage for the equal-mass ECE, in arrival order
                ByteBuffer row = ByteBuffer.allocate(18);
                for (double[] probabilities : new double[][] {e.raw(), e.calibrated()}) {
                    int k = BinStats.argmax(probabilities);
                    row.putDouble(probabilities[k]).put((byte) (k == e.label() ? 1 : 0));
                }
                rows.put(StoreKeys.of(e.modelId(), pane, offset, e.variant().ordinal()), row.array());
            }
            default -> throw new IllegalStateException("unknown event " + e.kind());
        }
        panes.put(key, stats.toBytes());
    }

    private void closeUpTo(long streamTime) {
        for (String model : models) {
            long[] p = progress(model);
            long closed = p[0];
            for (long end = p[0] + advance; end + config.closeDelay().toMillis() <= streamTime; end += advance) {
                if (end - size > p[1]) {
                    break; // no pane left in this or any later window until new events come
                }
                close(model, end, p[2]);
                closed = end;
            }
            if (closed != p[0]) {
                p[0] = closed;
                progress.put(model, encode(p));
                expire(model, closed + advance - size);
            }
        }
    }

    private void close(String model, long end, long firstPane) {
        long start = end - size;
        Pane window = new Pane();
        try (KeyValueIterator<Bytes, byte[]> it = panes.range(StoreKeys.of(model, start), StoreKeys.upTo(model, end))) {
            it.forEachRemaining(kv -> window.merge(Pane.fromBytes(kv.value)));
        }
        if (window.series.isEmpty() && window.pairs == 0) {
            return; // nothing happened in this window: nothing to publish, no alert can change
        }
        Map<Series, Hits> hits = new LinkedHashMap<>();
        try (KeyValueIterator<Bytes, byte[]> it = rows.range(StoreKeys.of(model, start), StoreKeys.upTo(model, end))) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                Variant v = Variant.values()[(int) StoreKeys.part(kv.key, 2)];
                ByteBuffer row = ByteBuffer.wrap(kv.value);
                hits.computeIfAbsent(new Series(v, Stage.RAW), s -> new Hits()).add(row.getDouble(), row.get() == 1);
                hits.computeIfAbsent(new Series(v, Stage.CALIBRATED), s -> new Hits())
                        .add(row.getDouble(), row.get() == 1);
            }
        }
        Map<Series, WindowReport> reports = new LinkedHashMap<>();
        Map<Series, BinStats> stats = window.series;
        stats.forEach((s, st) -> {
            Hits h = hits.getOrDefault(s, new Hits());
            reports.put(s, WindowReport.of(st, h.confidences(), h.flags(), config.resamples(),
                    seed(model, s, end)));
        });
        double disagreement = window.pairs == 0 ? Double.NaN : (double) window.disagreements / window.pairs;
        metrics.disagreement(model, disagreement);
        Map<Series, MetricsRecords.Derived> derived = new LinkedHashMap<>();
        for (Map.Entry<Series, WindowReport> e : reports.entrySet()) {
            Series s = e.getKey();
            WindowReport r = e.getValue();
            double psi = psi(model, s, r, stats.get(s), start >= firstPane);
            WindowReport fp32 = reports.get(new Series(Variant.FP32, s.stage()));
            double gap = s.variant() == Variant.INT4 && fp32 != null ? r.ece() - fp32.ece() : Double.NaN;
            WindowReport raw = reports.get(new Series(s.variant(), Stage.RAW));
            double gain = s.stage() == Stage.CALIBRATED && raw != null ? raw.ece() - r.ece() : Double.NaN;
            double pairs = s.equals(new Series(Variant.INT4, Stage.RAW)) ? disagreement : Double.NaN;
            MetricsRecords.Derived d = new MetricsRecords.Derived(psi, gap, gain, pairs);
            derived.put(s, d);
            metrics.window(model, s, MetricsRecords.TIME, r, d);
            emit(s, MetricsRecords.metrics(model, s, MetricsRecords.TIME, start, end, r, d));
        }
        for (Variant v : Variant.values()) {
            CountWindow.Head head = countWindow.head(model, v);
            if (head != null) {
                publishCount(model, v, head, end);
            }
        }
        for (DriftAlert a : alerts.check(model, reports, derived, references(model, reports), window.pairs, end)) {
            emit(new Series(a.getVariant(), a.getStage()), a);
        }
    }

    private void publishCount(String model, Variant v, CountWindow.Head head, long end) {
        Hits raw = new Hits();
        Hits calibrated = new Hits();
        for (CountWindow.Row row : countWindow.rows(model, v, head)) {
            raw.add(row.raw(), row.label());
            calibrated.add(row.calibrated(), row.label());
        }
        Map<Stage, WindowReport> reports = new EnumMap<>(Stage.class);
        reports.put(Stage.RAW, WindowReport.of(head.raw(), raw.confidences(), raw.flags(), config.resamples(),
                seed(model, new Series(v, Stage.RAW), -end)));
        reports.put(Stage.CALIBRATED, WindowReport.of(head.calibrated(), calibrated.confidences(),
                calibrated.flags(), config.resamples(), seed(model, new Series(v, Stage.CALIBRATED), -end)));
        reports.forEach((stage, r) -> {
            Series s = new Series(v, stage);
            double gain = stage == Stage.CALIBRATED ? reports.get(Stage.RAW).ece() - r.ece() : Double.NaN;
            MetricsRecords.Derived d = new MetricsRecords.Derived(Double.NaN, Double.NaN, gain, Double.NaN);
            metrics.window(model, s, MetricsRecords.COUNT, r, d);
            emit(s, MetricsRecords.metrics(model, s, MetricsRecords.COUNT, head.first(), head.last() + 1, r, d));
        });
    }

    /**
     * PSI of the predicted classes against the series' reference window: the first full window whose
     * predictions all carry one calibrator version other than the reference's (so the first after a
     * promotion, and at start the first full one).
     */
    private double psi(String model, Series s, WindowReport r, BinStats st, boolean full) {
        String key = model + "/" + s.key();
        byte[] ref = references.get(key);
        if (full && st.predictions > 0 && st.minVersion == st.maxVersion
                && (ref == null || ByteBuffer.wrap(ref).getLong() != st.maxVersion)) {
            ByteBuffer b = ByteBuffer.allocate(16 + 8 * r.predictedShare().length);
            b.putLong(st.maxVersion).putDouble(Double.isNaN(r.eceUpper()) ? Double.POSITIVE_INFINITY : r.eceUpper());
            for (double share : r.predictedShare()) {
                b.putDouble(share);
            }
            references.put(key, b.array());
            ref = b.array();
        }
        if (ref == null || r.predictions() == 0) {
            return Double.NaN;
        }
        ByteBuffer b = ByteBuffer.wrap(ref);
        b.getLong();
        b.getDouble();
        double[] shares = new double[(ref.length - 16) / 8];
        if (shares.length != r.predictedShare().length) {
            return Double.NaN;
        }
        for (int k = 0; k < shares.length; k++) {
            shares[k] = b.getDouble();
        }
        return WindowReport.psi(r.predictedShare(), shares);
    }

    /** The upper ECE bound of each series' reference window, where there is one. */
    private Map<Series, Double> references(String model, Map<Series, WindowReport> reports) {
        Map<Series, Double> out = new LinkedHashMap<>();
        for (Series s : reports.keySet()) {
            byte[] ref = references.get(model + "/" + s.key());
            if (ref != null) {
                out.put(s, ByteBuffer.wrap(ref).getDouble(8));
            }
        }
        return out;
    }

    private void emit(Series s, Object value) {
        String child = value instanceof CalibrationMetrics ? MonitorTopology.METRICS_OUT : MonitorTopology.ALERTS_OUT;
        context.forward(new Record<>(s.key(), value, context.currentStreamTimeMs()), child);
    }

    /** Deletes the panes and rows that start before {@code before}: no open window covers them. */
    private void expire(String model, long before) {
        for (KeyValueStore<Bytes, byte[]> store : List.of(panes, rows)) {
            List<Bytes> old = new ArrayList<>();
            try (KeyValueIterator<Bytes, byte[]> it = store.range(StoreKeys.of(model, 0),
                    StoreKeys.upTo(model, before))) {
                it.forEachRemaining(kv -> old.add(kv.key));
            }
            old.forEach(store::delete);
        }
    }

    private long seed(String model, Series s, long end) {
        return config.seed() ^ (31L * model.hashCode() + s.key().hashCode()) * 0x9E3779B97F4A7C15L ^ end;
    }

    private long[] progress(String model) {
        byte[] b = progress.get(model);
        if (b == null) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(b);
        return new long[] {buffer.getLong(), buffer.getLong(), buffer.getLong()};
    }

    private static byte[] encode(long[] p) {
        return ByteBuffer.allocate(24).putLong(p[0]).putLong(p[1]).putLong(p[2]).array();
    }

    /** Top-label (confidence, hit) pairs of a series in arrival order, for the equal-mass ECE. */
    private static final class Hits {
        private double[] conf = new double[16];
        private boolean[] hit = new boolean[16];
        private int n;

        void add(double confidence, boolean correct) {
            if (n == conf.length) {
                conf = java.util.Arrays.copyOf(conf, 2 * n);
                hit = java.util.Arrays.copyOf(hit, 2 * n);
            }
            conf[n] = confidence;
            hit[n++] = correct;
        }

        void add(double[] probabilities, int label) {
            int k = BinStats.argmax(probabilities);
            add(probabilities[k], k == label);
        }

        double[] confidences() {
            return java.util.Arrays.copyOf(conf, n);
        }

        boolean[] flags() {
            return java.util.Arrays.copyOf(hit, n);
        }
    }
}
