package io.fuzzycal.feeds;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads one input line as a text: a line whose first non-blank character is <code>{</code> is a JSON
 * object <code>{"text": ..., "id"?, "label"?, "labelName"?, "source"?, "publishedAt"?, "language"?}</code>
 * (other fields ignored; publishedAt in epoch milliseconds or ISO-8601); any other line is the text itself.
 */
public final class TextLines {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TextLines() {
    }

    /**
     * The text on {@code line}, or null for a blank line.
     *
     * @param defaultId     the id when the line gives none
     * @param defaultSource the source when the line gives none
     * @throws IllegalArgumentException with the reason, when the line is malformed JSON or a field is wrong
     */
    public static ProducedText parse(String line, String defaultId, String defaultSource) {
        String trimmed = line.strip();
        if (trimmed.isEmpty()) {
            return null;
        }
        if (!trimmed.startsWith("{")) {
            return new ProducedText(defaultId, line, defaultSource, null, null, null, null);
        }
        JsonNode node;
        try {
            node = JSON.readTree(trimmed);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String text = string(node, "text");
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the JSON object has no \"text\"");
        }
        String id = node.hasNonNull("id") ? idOf(node.get("id")) : defaultId;
        String source = string(node, "source");
        Integer label = null;
        if (node.hasNonNull("label")) {
            JsonNode l = node.get("label");
            if (!l.isIntegralNumber() || !l.canConvertToInt() || l.intValue() < 0) {
                throw new IllegalArgumentException("\"label\" must be a class index (0, 1, ...), got " + l);
            }
            label = l.intValue();
        }
        String labelName = string(node, "labelName");
        if (labelName != null && label == null) {
            throw new IllegalArgumentException("\"labelName\" needs \"label\", the class index");
        }
        return new ProducedText(id, text, source == null ? defaultSource : source, instant(node.get("publishedAt")),
                string(node, "language"), label, labelName);
    }

    private static String idOf(JsonNode id) {
        if (id.isTextual() && !id.asText().isBlank()) {
            return id.asText();
        }
        if (id.isIntegralNumber()) {
            return id.asText();
        }
        throw new IllegalArgumentException("\"id\" must be a non-empty string or an integer, got " + id);
    }

    private static String string(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a string, got " + value);
        }
        return value.asText();
    }

    private static Instant instant(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return Instant.ofEpochMilli(value.longValue());
        }
        if (value.isTextual()) {
            try {
                return Instant.parse(value.asText());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("\"publishedAt\" is not ISO-8601 (2026-01-31T09:30:00Z): "
                        + value);
            }
        }
        throw new IllegalArgumentException("\"publishedAt\" must be epoch milliseconds or ISO-8601, got " + value);
    }
}
