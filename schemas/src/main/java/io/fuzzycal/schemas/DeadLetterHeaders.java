package io.fuzzycal.schemas;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The headers every fuzzycal service adds to a dead-letter record: what went wrong and where the
 * record came from. The record itself keeps its original key, value and headers, so nothing is lost
 * and it can be replayed once fixed.
 */
public final class DeadLetterHeaders {
    /** Machine-readable reason, an enum constant name such as {@code MALFORMED} or {@code UNMATCHED}. */
    public static final String REASON = "fuzzycal.error.reason";
    /** One human-readable line. */
    public static final String MESSAGE = "fuzzycal.error.message";
    public static final String SOURCE_TOPIC = "fuzzycal.source.topic";
    public static final String SOURCE_PARTITION = "fuzzycal.source.partition";
    public static final String SOURCE_OFFSET = "fuzzycal.source.offset";
    /**
     * Which service dead-lettered it ({@code inference}, {@code calibration-stream}, {@code monitor}): services that read
     * the same topic each report what they cannot use, so one bad label may come once from each.
     */
    public static final String SERVICE = "fuzzycal.error.service";
    /** When the record was dead-lettered, ISO-8601 UTC. */
    public static final String FAILED_AT = "fuzzycal.error.time";

    private DeadLetterHeaders() {
    }

    /** Adds where the record came from (kept through internal topics: the first source wins). */
    public static Headers addSource(Headers headers, String topic, int partition, long offset) {
        if (headers.lastHeader(SOURCE_TOPIC) == null) {
            headers.add(SOURCE_TOPIC, bytes(topic))
                    .add(SOURCE_PARTITION, bytes(Integer.toString(partition)))
                    .add(SOURCE_OFFSET, bytes(Long.toString(offset)));
        }
        return headers;
    }

    /** The longest message kept: an error that quotes its input must not make the dead letter large. */
    public static final int MAX_MESSAGE_CHARS = 1_000;

    /** Adds the reason, the message (cut to {@link #MAX_MESSAGE_CHARS}) and the time. */
    public static Headers addError(Headers headers, String reason, String message) {
        String line = message == null ? reason : message;
        if (line.length() > MAX_MESSAGE_CHARS) {
            line = line.substring(0, MAX_MESSAGE_CHARS) + "…";
        }
        return headers.add(REASON, bytes(reason))
                .add(MESSAGE, bytes(line))
                .add(FAILED_AT, bytes(Instant.now().toString()));
    }

    /**
     * The headers of a dead letter: a copy of {@code original} with the source (when {@code sourceTopic}
     * is not null), the error and the {@code service} that gave up on it; the original headers stay untouched.
     */
    public static Headers deadLetter(Headers original, String sourceTopic, int partition, long offset,
                                     DeadLetterReason reason, String message, String service) {
        Headers headers = new RecordHeaders(original.toArray());
        if (sourceTopic != null) {
            addSource(headers, sourceTopic, partition, offset);
        }
        return addError(headers, reason.name(), message).add(SERVICE, bytes(service));
    }

    /** The last value of {@code key} as UTF-8 text, or null. */
    public static String text(Headers headers, String key) {
        Header h = headers.lastHeader(key);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
