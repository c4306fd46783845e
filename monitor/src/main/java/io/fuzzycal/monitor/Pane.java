package io.fuzzycal.monitor;

import io.fuzzycal.schemas.avro.Stage;
import io.fuzzycal.schemas.avro.Variant;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * One model's statistics over one window advance (a pane): a hopping window is the merge of the
 * {@code size / advance} panes it covers, so an event updates one pane, never every window it is in.
 */
final class Pane {
    private static final byte FORMAT = 1;
    final Map<Series, BinStats> series = new TreeMap<>(
            java.util.Comparator.comparing(Series::variant).thenComparing(Series::stage));
    long pairs;
    long disagreements;

    BinStats stats(Series s, int bins, int classes) {
        BinStats stats = series.computeIfAbsent(s, k -> new BinStats(bins, classes));
        if (stats.classes != classes) {
            throw new IllegalArgumentException(s.key() + " has " + stats.classes + " classes, this record " + classes);
        }
        return stats;
    }

    void merge(Pane o) {
        o.series.forEach((s, stats) -> {
            BinStats mine = series.get(s);
            if (mine == null) {
                series.put(s, stats.copy());
            } else {
                mine.merge(stats);
            }
        });
        pairs += o.pairs;
        disagreements += o.disagreements;
    }

    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(pairs);
            out.writeLong(disagreements);
            out.writeByte(series.size());
            for (Map.Entry<Series, BinStats> e : series.entrySet()) {
                out.writeByte(e.getKey().variant().ordinal());
                out.writeByte(e.getKey().stage().ordinal());
                e.getValue().write(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Pane fromBytes(byte[] data) {
        Pane p = new Pane();
        if (data == null) {
            return p;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (in.readByte() != FORMAT) {
                throw new IllegalStateException("unknown pane format");
            }
            p.pairs = in.readLong();
            p.disagreements = in.readLong();
            int n = in.readByte();
            for (int i = 0; i < n; i++) {
                Series s = new Series(Variant.values()[in.readByte()], Stage.values()[in.readByte()]);
                p.series.put(s, BinStats.read(in));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
