package io.fuzzycal.stream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The refit bookkeeping of one model, kept in a changelogged store next to its window.
 *
 * @param head sequence number of the oldest document in the window
 * @param next sequence number the next document gets; {@code next - head} documents are in the window
 * @param labelsSinceRefit labels added since the last refit started
 * @param lastRefitAt wall-clock time the last refit started (or the window was created)
 * @param championVersion version of the last calibrator this task promoted, 0 if none
 * @param championJson that calibrator as {@code CalibratorJson}, or null
 */
record RefitState(long head, long next, long labelsSinceRefit, long lastRefitAt, long championVersion,
                  String championJson) {
    private static final byte FORMAT = 1;

    static RefitState empty(long now) {
        return new RefitState(0, 0, 0, now, 0, null);
    }

    long size() {
        return next - head;
    }

    RefitState added() {
        return new RefitState(head, next + 1, labelsSinceRefit + 1, lastRefitAt, championVersion, championJson);
    }

    RefitState evictedOne() {
        return new RefitState(head + 1, next, labelsSinceRefit, lastRefitAt, championVersion, championJson);
    }

    RefitState refitStarted(long now) {
        return new RefitState(head, next, 0, now, championVersion, championJson);
    }

    RefitState promoted(long version, String json) {
        return new RefitState(head, next, labelsSinceRefit, lastRefitAt, version, json);
    }

    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(head);
            out.writeLong(next);
            out.writeLong(labelsSinceRefit);
            out.writeLong(lastRefitAt);
            out.writeLong(championVersion);
            byte[] json = championJson == null ? new byte[0] : championJson.getBytes(StandardCharsets.UTF_8);
            out.writeInt(championJson == null ? -1 : json.length);
            out.write(json);
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
            long version = in.readLong();
            int length = in.readInt();
            String json = length < 0 ? null : new String(in.readNBytes(length), StandardCharsets.UTF_8);
            return new RefitState(head, next, since, last, version, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
