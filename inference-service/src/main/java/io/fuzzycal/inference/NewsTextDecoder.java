package io.fuzzycal.inference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fuzzycal.inference.RejectedRecordException.Reason;
import io.fuzzycal.schemas.avro.NewsText;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a {@code news.text} value in any of the accepted forms, so that Avro producers,
 * {@code kcat -P} and {@code kafka-console-producer} users all need nothing else:
 * <ol>
 *   <li>Confluent wire format (magic byte 0): a {@code NewsText} Avro record;</li>
 *   <li>UTF-8 JSON object (first non-blank characters {@code '{'} and {@code '"'}): {@code {"id", "text", "source"}};</li>
 *   <li>any other valid UTF-8: the text itself.</li>
 * </ol>
 * The document id comes from the value, else from the record key, else a new UUID.
 */
final class NewsTextDecoder {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String DEFAULT_SOURCE = "kafka";

    private final Deserializer<NewsText> avro;
    private final int maxTextBytes;

    NewsTextDecoder(Deserializer<NewsText> avro, int maxTextBytes) {
        this.avro = avro;
        this.maxTextBytes = maxTextBytes;
    }

    IncomingText decode(String topic, byte[] key, byte[] value) throws RejectedRecordException {
        if (value == null || value.length == 0) {
            throw new RejectedRecordException(Reason.EMPTY_VALUE, "the record has no value");
        }
        String keyId = key == null || key.length == 0 ? null : utf8OrNull(key);
        IncomingText decoded;
        if (value[0] == 0) {
            decoded = fromAvro(topic, value, keyId);
        } else {
            String s = utf8(value);
            decoded = looksLikeJsonObject(s) ? fromJson(s, keyId) : new IncomingText(idOr(null, keyId), s, DEFAULT_SOURCE);
        }
        String text = decoded.text();
        if (text == null || text.isBlank()) {
            throw new RejectedRecordException(Reason.EMPTY_TEXT, "the text is empty");
        }
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxTextBytes) {
            throw new RejectedRecordException(Reason.OVERSIZED_TEXT,
                    "the text has " + bytes + " bytes, more than the maximum of " + maxTextBytes);
        }
        return decoded;
    }

    private IncomingText fromAvro(String topic, byte[] value, String keyId) throws RejectedRecordException {
        try {
            NewsText n = avro.deserialize(topic, value);
            return new IncomingText(idOr(n.getId(), keyId), n.getText(), n.getSource());
        } catch (RuntimeException e) {
            throw new RejectedRecordException(Reason.INVALID_AVRO, "not a readable NewsText Avro record: " + e.getMessage());
        }
    }

    private static IncomingText fromJson(String s, String keyId) throws RejectedRecordException {
        JsonNode node;
        try {
            node = JSON.readTree(s);
        } catch (JsonProcessingException e) {
            throw new RejectedRecordException(Reason.INVALID_JSON, "invalid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new RejectedRecordException(Reason.INVALID_JSON, "JSON value must be an object with a \"text\" field");
        }
        JsonNode text = node.get("text");
        if (text == null || !text.isTextual()) {
            throw new RejectedRecordException(Reason.INVALID_JSON, "JSON object lacks a string \"text\" field");
        }
        JsonNode id = node.get("id");
        String idText = id == null || id.isNull() ? null : id.isValueNode() ? id.asText() : null;
        JsonNode source = node.get("source");
        return new IncomingText(idOr(idText, keyId), text.asText(),
                source != null && source.isTextual() ? source.asText() : DEFAULT_SOURCE);
    }

    /**
     * A JSON object with fields starts with '{' and then, after blanks, a quoted name: "{Free} Premium
     * Earnings..." is a tweet, not broken JSON, while {"id": 1, text: "x"} is a JSON producer's mistake.
     */
    static boolean looksLikeJsonObject(String s) {
        String t = s.stripLeading();
        if (!t.startsWith("{")) {
            return false;
        }
        String rest = t.substring(1).stripLeading();
        return rest.startsWith("\"");
    }

    private static String idOr(String valueId, String keyId) {
        if (valueId != null && !valueId.isBlank()) {
            return valueId;
        }
        return keyId != null && !keyId.isBlank() ? keyId : UUID.randomUUID().toString();
    }

    private static String utf8(byte[] bytes) throws RejectedRecordException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new RejectedRecordException(Reason.UNDECODABLE_BYTES,
                    "the value is neither a NewsText Avro record, JSON nor UTF-8 text");
        }
    }

    private static String utf8OrNull(byte[] bytes) {
        try {
            return utf8(bytes);
        } catch (RejectedRecordException e) {
            return null;
        }
    }
}
