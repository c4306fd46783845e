package io.fuzzycal.monitor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * Binary keys of the window stores: a length-prefixed model id, then big-endian numbers, so that a
 * store's byte order is the model's time order and one model's panes are one range.
 */
final class StoreKeys {
    private StoreKeys() {
    }

    static Bytes of(String model, long... parts) {
        byte[] id = model.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + id.length + 8 * parts.length);
        b.putInt(id.length).put(id);
        for (long p : parts) {
            b.putLong(p);
        }
        return Bytes.wrap(b.array());
    }

    /**
     * The last possible key of {@code model} whose first part is before {@code end}: the inclusive
     * upper bound of a range query for times {@code < end} (times and offsets are never negative).
     */
    static Bytes upTo(String model, long end) {
        return of(model, end - 1, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    /** The part after the model id at {@code index}. */
    static long part(Bytes key, int index) {
        ByteBuffer b = ByteBuffer.wrap(key.get());
        int idLength = b.getInt(0);
        return b.getLong(4 + idLength + 8 * index);
    }
}
