package io.fuzzycal.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterSizeTest {
    @Test
    void aSmallDeadLetterTravelsUnchanged() {
        Headers headers = DeadLetterHeaders.addError(new RecordHeaders(), "INVALID_JSON", "bad");
        byte[] value = "{oops".getBytes(StandardCharsets.UTF_8);
        DeadLetterSize.Payload p = DeadLetterSize.fit(new byte[] {1}, value, headers);
        assertThat(p.value()).isSameAs(value);
        assertThat(DeadLetterHeaders.text(p.headers(), DeadLetterHeaders.REASON)).isEqualTo("INVALID_JSON");
    }

    @Test
    void aOneMebibyteRecordIsCutKeepingItsReasonAndSource() {
        Headers headers = new RecordHeaders();
        headers.add("producer.trace", new byte[200_000]);
        DeadLetterHeaders.addSource(headers, "news.text", 2, 41);
        DeadLetterHeaders.addError(headers, "OVERSIZED_TEXT", "the text has 1048400 bytes");
        DeadLetterSize.Payload p = DeadLetterSize.fit(new byte[5_000], new byte[1_048_400], headers);

        assertThat(DeadLetterSize.size(p.key(), p.value(), p.headers())).isLessThanOrEqualTo(DeadLetterSize.MAX_BYTES);
        assertThat(p.value()).hasSize(DeadLetterSize.KEPT_BYTES);
        assertThat(p.key()).hasSize(DeadLetterSize.KEPT_BYTES);
        assertThat(DeadLetterHeaders.text(p.headers(), DeadLetterHeaders.REASON)).isEqualTo("TOO_LARGE");
        assertThat(DeadLetterHeaders.text(p.headers(), DeadLetterSize.ORIGINAL_REASON)).isEqualTo("OVERSIZED_TEXT");
        assertThat(DeadLetterHeaders.text(p.headers(), DeadLetterSize.ORIGINAL_SIZE)).isEqualTo(
                Long.toString(DeadLetterSize.size(new byte[5_000], new byte[1_048_400], headers)));
        assertThat(DeadLetterHeaders.text(p.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("41");
        assertThat(p.headers().lastHeader("producer.trace")).isNull();
    }

    @Test
    void forgedServiceHeadersCannotKeepItLarge() {
        Headers headers = new RecordHeaders();
        for (int i = 0; i < 2_000; i++) {
            headers.add("fuzzycal.error.message", new byte[1_000]);
        }
        DeadLetterHeaders.addSource(headers, "sentiment.feedback", 0, 7);
        DeadLetterHeaders.addError(headers, "MALFORMED", "not a label");
        DeadLetterSize.Payload p = DeadLetterSize.fit(null, new byte[10], headers);
        assertThat(DeadLetterSize.size(p.key(), p.value(), p.headers())).isLessThan(4 * DeadLetterSize.KEPT_BYTES);
        assertThat(DeadLetterHeaders.text(p.headers(), DeadLetterHeaders.MESSAGE)).isEqualTo("not a label");
        assertThat(DeadLetterHeaders.text(p.headers(), DeadLetterSize.ORIGINAL_REASON)).isEqualTo("MALFORMED");
    }

    @Test
    void aMessageQuotingItsInputIsCut() {
        Headers headers = DeadLetterHeaders.addError(new RecordHeaders(), "MALFORMED", "x".repeat(1_000_000));
        assertThat(DeadLetterHeaders.text(headers, DeadLetterHeaders.MESSAGE)).hasSize(DeadLetterHeaders.MAX_MESSAGE_CHARS + 1);
    }
}
