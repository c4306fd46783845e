package io.fuzzycal.schemas;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Keeps every dead letter far below the producer's {@code max.request.size} and the broker's
 * {@code message.max.bytes} (both 1 MiB by default): a dead letter that could not be written would
 * block the partition it came from (the transaction aborts and the same record comes back forever).
 *
 * <p>A record whose key, value and headers together exceed {@link #MAX_BYTES} is sent with the first
 * {@link #KEPT_BYTES} bytes of its value and key, reason {@link #TOO_LARGE}, the original reason in
 * {@link #ORIGINAL_REASON}, and its original size in {@link #ORIGINAL_SIZE}; the source topic,
 * partition and offset headers reference the full record for as long as the source topic keeps it.
 */
public final class DeadLetterSize {
    /** The most bytes (key + value + headers) a dead letter carries; a quarter of the 1 MiB defaults. */
    public static final int MAX_BYTES = 256 * 1024;
    /** How much of an oversized value (and key) is kept, to recognise the record. */
    public static final int KEPT_BYTES = 1024;
    /** The reason of a dead letter whose payload was cut. */
    public static final String TOO_LARGE = "TOO_LARGE";
    /** The reason the record was dead-lettered for, before it was found too large to copy. */
    public static final String ORIGINAL_REASON = "fuzzycal.error.original.reason";
    /** The original size in bytes of key + value + headers. */
    public static final String ORIGINAL_SIZE = "fuzzycal.payload.original.size";

    private DeadLetterSize() {
    }

    /** A dead letter's key, value and headers, as they will be sent. */
    public record Payload(byte[] key, byte[] value, Headers headers) {
    }

    /**
     * The dead letter to send for {@code key}, {@code value} and {@code headers}, which must already
     * carry the {@link DeadLetterHeaders} (reason, source): unchanged when it fits, cut otherwise.
     */
    public static Payload fit(byte[] key, byte[] value, Headers headers) {
        long size = size(key, value, headers);
        if (size <= MAX_BYTES) {
            return new Payload(key, value, headers);
        }
        String reason = DeadLetterHeaders.text(headers, DeadLetterHeaders.REASON);
        Headers kept = new RecordHeaders();
        // Only the service's own headers, once each: the producer's (any number, any name) may be what
        // made the record too large. The source is the first (kept through internal topics), the error the last.
        for (String name : List.of(DeadLetterHeaders.SOURCE_TOPIC, DeadLetterHeaders.SOURCE_PARTITION,
                DeadLetterHeaders.SOURCE_OFFSET)) {
            Iterator<Header> all = headers.headers(name).iterator();
            if (all.hasNext()) {
                kept.add(name, prefix(all.next().value()));
            }
        }
        for (String name : List.of(DeadLetterHeaders.MESSAGE, DeadLetterHeaders.FAILED_AT)) {
            Header last = headers.lastHeader(name);
            if (last != null) {
                kept.add(name, prefix(last.value()));
            }
        }
        kept.add(DeadLetterHeaders.REASON, TOO_LARGE.getBytes(StandardCharsets.UTF_8));
        kept.add(ORIGINAL_REASON, (reason == null ? "" : reason).getBytes(StandardCharsets.UTF_8));
        kept.add(ORIGINAL_SIZE, Long.toString(size).getBytes(StandardCharsets.UTF_8));
        return new Payload(prefix(key), prefix(value), kept);
    }

    /** Bytes of key, value and headers (keys and values), the part of a record that can be large. */
    public static long size(byte[] key, byte[] value, Headers headers) {
        long n = length(key) + length(value);
        for (Header h : headers) {
            n += h.key().length() + length(h.value());
        }
        return n;
    }

    private static int length(byte[] b) {
        return b == null ? 0 : b.length;
    }

    private static byte[] prefix(byte[] b) {
        return b == null || b.length <= KEPT_BYTES ? b : Arrays.copyOf(b, KEPT_BYTES);
    }
}
