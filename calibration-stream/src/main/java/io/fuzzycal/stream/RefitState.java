package io.fuzzycal.stream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The refit bookkeeping of one model, kept in a changelogged store next to its window.
 *
 * @param head sequence number of the oldest document in the window
 * @param next sequence number the next document gets; {@code next - head} documents are in the window
 * @param labelsSinceRefit labels added since the last refit started
 * @param lastRefitAt wall-clock time the last refit started (or the window was created)
 * @param champions the last calibrator this task promoted, per calibrator key (the model id, or
 *     {@code model/VARIANT} for per-variant calibrators)
 */
record RefitState(long head, long next, long labelsSinceRefit, long lastRefitAt, Map<String, Promoted> champions) {
    private static final byte FORMAT = 2;

    /** A promoted calibrator: its version and {@code CalibratorJson}. */
    record Promoted(long version, String json) {
    }

    RefitState {
        champions = Map.copyOf(champions);
    }

    static RefitState empty(long now) {
        return new RefitState(0, 0, 0, now, Map.of());
    }

    long size() {
        return next - head;
    }

    RefitState added() {
        return new RefitState(head, next + 1, labelsSinceRefit + 1, lastRefitAt, champions);
    }

    RefitState evictedOne() {
        return new RefitState(head + 1, next, labelsSinceRefit, lastRefitAt, champions);
    }

    RefitState refitStarted(long now) {
        return new RefitState(head, next, 0, now, champions);
    }

    RefitState promoted(String calibratorKey, long version, String json) {
        Map<String, Promoted> updated = new TreeMap<>(champions);
        updated.put(calibratorKey, new Promoted(version, json));
        return new RefitState(head, next, labelsSinceRefit, lastRefitAt, updated);
    }

    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(head);
            out.writeLong(next);
            out.writeLong(labelsSinceRefit);
            out.writeLong(lastRefitAt);
            out.writeInt(champions.size());
            for (Map.Entry<String, Promoted> e : new TreeMap<>(champions).entrySet()) {
                BinaryStrings.write(out, e.getKey());
                out.writeLong(e.getValue().version());
                BinaryStrings.write(out, e.getValue().json());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static RefitState fromBytes(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalStateException("unknown refit-state format " + format);
            }
            long head = in.readLong();
            long next = in.readLong();
            long since = in.readLong();
            long last = in.readLong();
            int n = in.readInt();
            Map<String, Promoted> champions = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                String key = BinaryStrings.read(in, "refit state");
                long version = in.readLong();
                champions.put(key, new Promoted(version, BinaryStrings.read(in, "refit state")));
            }
            return new RefitState(head, next, since, last, champions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
