package io.fuzzycal.monitor;

import io.fuzzycal.schemas.avro.Variant;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The last N labelled predictions of one model variant: a ring of rows in a store, and the raw and
 * calibrated {@link BinStats} of exactly those rows, updated by adding the new row and removing the
 * one it replaces (O(bins + classes) per label).
 */
final class CountWindow {
    private final KeyValueStore<Bytes, byte[]> rows;
    private final KeyValueStore<Bytes, byte[]> heads;
    private final int capacity;
    private final int bins;

    CountWindow(KeyValueStore<Bytes, byte[]> rows, KeyValueStore<Bytes, byte[]> heads, int capacity, int bins) {
        this.rows = rows;
        this.heads = heads;
        this.capacity = capacity;
        this.bins = bins;
    }

    /** The ring's position and the statistics of its rows. */
    record Head(int next, int size, long first, long last, BinStats raw, BinStats calibrated) {
    }

    /** One stored row. */
    record Row(long time, int label, double[] raw, double[] calibrated) {
    }

    void add(String model, Variant variant, long time, int label, double[] raw, double[] calibrated) {
        Head head = head(model, variant);
        if (head == null) {
            head = new Head(0, 0, time, time, new BinStats(bins, raw.length), new BinStats(bins, raw.length));
        }
        if (head.raw().classes != raw.length) {
            throw new IllegalArgumentException(model + " " + variant + " has " + head.raw().classes
                    + " classes, this label " + raw.length);
        }
        Bytes slot = StoreKeys.of(model, variant.ordinal(), head.next());
        long first = head.first();
        if (head.size() == capacity) {
            Row old = decode(rows.get(slot));
            head.raw().labelled(old.raw(), old.label(), -1);
            head.calibrated().labelled(old.calibrated(), old.label(), -1);
            Row oldest = decode(rows.get(StoreKeys.of(model, variant.ordinal(), (head.next() + 1) % capacity)));
            first = oldest.time();
        }
        head.raw().labelled(raw, label, 1);
        head.calibrated().labelled(calibrated, label, 1);
        rows.put(slot, encode(new Row(time, label, raw, calibrated)));
        int size = Math.min(head.size() + 1, capacity);
        heads.put(StoreKeys.of(model, variant.ordinal()), encode(new Head((head.next() + 1) % capacity, size,
                size == 1 ? time : first, Math.max(head.last(), time), head.raw(), head.calibrated())));
    }

    Head head(String model, Variant variant) {
        byte[] b = heads.get(StoreKeys.of(model, variant.ordinal()));
        if (b == null) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
            return new Head(in.readInt(), in.readInt(), in.readLong(), in.readLong(), BinStats.read(in),
                    BinStats.read(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows, oldest first. */
    List<Row> rows(String model, Variant variant, Head head) {
        List<Row> out = new ArrayList<>(head.size());
        int start = head.size() < capacity ? 0 : head.next();
        for (int i = 0; i < head.size(); i++) {
            out.add(decode(rows.get(StoreKeys.of(model, variant.ordinal(), (start + i) % capacity))));
        }
        return out;
    }

    private static byte[] encode(Head h) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(2048);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(h.next());
            out.writeInt(h.size());
            out.writeLong(h.first());
            out.writeLong(h.last());
            h.raw().write(out);
            h.calibrated().write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] encode(Row r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + 16 * r.raw().length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(r.time());
            out.writeInt(r.label());
            MonitorEvent.writeProbabilities(out, r.raw(), r.calibrated());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Row decode(byte[] b) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
            long time = in.readLong();
            int label = in.readInt();
            double[][] p = MonitorEvent.readProbabilities(in);
            return new Row(time, label, p[0], p[1]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
