package io.fuzzycal.inference;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The records gathered for the next transaction, bounded by count, by bytes (keys and values as
 * read) and by the time since the first one. Large batches let the engine group texts of similar
 * token length across many records (it sorts each micro-batch by token length and runs it in engine
 * batches), which is where most of its throughput comes from; the bounds keep a transaction's size
 * and a record's wait finite. Times are passed in, so the bounds are testable without a clock.
 */
final class MicroBatch {
    private final int maxRecords;
    private final long maxBytes;
    private final long maxWaitNanos;
    private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    private long bytes;
    private long firstAtNanos;

    MicroBatch(int maxRecords, long maxBytes, long maxWaitNanos) {
        if (maxRecords < 1 || maxBytes < 1 || maxWaitNanos < 0) {
            throw new IllegalArgumentException("max records and bytes must be positive, max wait not negative");
        }
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
        this.maxWaitNanos = maxWaitNanos;
    }

    /** Bytes a record counts for: its key and value as they came off the wire. */
    static long sizeOf(ConsumerRecord<byte[], byte[]> r) {
        return (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
    }

    /**
     * True when {@code r} does not fit any more: the batch must be flushed before it is added. A
     * record larger than the byte bound alone still makes a batch of its own (it is never refused).
     */
    boolean wouldOverflow(ConsumerRecord<byte[], byte[]> r) {
        return !records.isEmpty() && bytes + sizeOf(r) > maxBytes;
    }

    void add(ConsumerRecord<byte[], byte[]> r, long nowNanos) {
        if (records.isEmpty()) {
            firstAtNanos = nowNanos;
        }
        records.add(r);
        bytes += sizeOf(r);
    }

    /** Full by count or bytes: flush now, without waiting. */
    boolean isFull() {
        return records.size() >= maxRecords || bytes >= maxBytes;
    }

    /** Its first record has waited {@code maxWait}: flush even though it is not full. */
    boolean isDue(long nowNanos) {
        return !records.isEmpty() && nowNanos - firstAtNanos >= maxWaitNanos;
    }

    boolean isEmpty() {
        return records.isEmpty();
    }

    int size() {
        return records.size();
    }

    long bytes() {
        return bytes;
    }

    /** The records in arrival order; the batch is empty afterwards. */
    List<ConsumerRecord<byte[], byte[]>> drain() {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>(records);
        records.clear();
        bytes = 0;
        return out;
    }
}
