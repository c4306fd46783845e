package io.fuzzycal.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fuzzycal.inference.RejectedRecordException.Reason;
import io.fuzzycal.schemas.avro.NewsText;
import io.fuzzycal.schemas.registry.InMemorySchemaRegistry;
import io.fuzzycal.schemas.serde.AvroDeserializer;
import io.fuzzycal.schemas.serde.AvroSerializer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NewsTextDecoderTest {
    private static final String TOPIC = "news.text";
    private final InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope("decoder-" + UUID.randomUUID());
    private final NewsTextDecoder decoder = new NewsTextDecoder(new AvroDeserializer<>(NewsText.class, registry), 100);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void plainTextTakesItsIdFromTheKey() throws Exception {
        IncomingText t = decoder.decode(TOPIC, utf8("doc-1"), utf8("$AAPL beats estimates"));
        assertThat(t).isEqualTo(new IncomingText("doc-1", "$AAPL beats estimates", "kafka"));
    }

    @Test
    void withoutAnyIdANewUuidIsUsed() throws Exception {
        IncomingText t = decoder.decode(TOPIC, null, utf8("shares slide"));
        IncomingText again = decoder.decode(TOPIC, null, utf8("shares slide"));
        // UUID.fromString alone accepts "1-2-3-4-5" and never returns null: check the canonical random form
        assertThat(t.id()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(UUID.fromString(t.id()).version()).isEqualTo(4);
        assertThat(again.id()).as("a new one per record").isNotEqualTo(t.id());
        assertThat(t.text()).isEqualTo("shares slide");
    }

    @Test
    void jsonGivesIdTextAndSourceAndItsIdWinsOverTheKey() throws Exception {
        IncomingText t = decoder.decode(TOPIC, utf8("key-id"), utf8(" {\"id\": 42, \"text\": \"guidance cut\", \"source\": \"rss\"}"));
        assertThat(t).isEqualTo(new IncomingText("42", "guidance cut", "rss"));
        assertThat(decoder.decode(TOPIC, utf8("key-id"), utf8("{\"text\": \"x\"}")).id()).isEqualTo("key-id");
    }

    @Test
    void avroNewsTextInConfluentWireFormat() throws Exception {
        NewsText n = NewsText.newBuilder().setId("n-7").setText("Fed holds rates").setSource("wire").build();
        byte[] bytes = new AvroSerializer<NewsText>(registry).serialize(TOPIC, n);
        assertThat(bytes[0]).isZero();
        assertThat(decoder.decode(TOPIC, null, bytes)).isEqualTo(new IncomingText("n-7", "Fed holds rates", "wire"));
    }

    @Test
    void badInputIsRejectedWithItsReason() {
        assertRejected(null, Reason.EMPTY_VALUE);
        assertRejected(new byte[0], Reason.EMPTY_VALUE);
        assertRejected(utf8("   "), Reason.EMPTY_TEXT);
        assertRejected(utf8("{\"id\": \"1\", \"text\": \"\"}"), Reason.EMPTY_TEXT);
        assertRejected(utf8("x".repeat(101)), Reason.OVERSIZED_TEXT);
        assertRejected(new byte[] {(byte) 0xC3, (byte) 0x28, 0x41}, Reason.UNDECODABLE_BYTES);
        assertRejected(utf8("{\"id\": \"1\", text: unquoted}"), Reason.INVALID_JSON);
        assertRejected(utf8("{\"id\": 1}"), Reason.INVALID_JSON);
        assertRejected(new byte[] {0, 0, 0, 0x7f, 0x7f, 1, 2}, Reason.INVALID_AVRO); // unknown schema id
    }

    /** It used to be dead-lettered as invalid JSON. */
    @Test
    void aTweetThatStartsWithABraceIsText() throws Exception {
        IncomingText t = decoder.decode(TOPIC, utf8("t1"), utf8("{Free} Premium Earnings alerts for $ACME"));
        assertThat(t.text()).isEqualTo("{Free} Premium Earnings alerts for $ACME");
        assertThat(decoder.decode(TOPIC, utf8("t2"), utf8("{} braces")).text()).isEqualTo("{} braces");
    }

    private void assertRejected(byte[] value, Reason reason) {
        assertThatThrownBy(() -> decoder.decode(TOPIC, null, value))
                .isInstanceOfSatisfying(RejectedRecordException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
