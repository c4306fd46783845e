package io.fuzzycal.schemas.feedback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fuzzycal.schemas.avro.Feedback;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.schemas.serde.AvroDeserializer;
import io.fuzzycal.schemas.serde.ConfluentWireFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads a feedback record: {@code Feedback} Avro in the Confluent wire format, or JSON such as
 * {@code {"id": "tweet-17", "label": "Bearish"}} or {@code {"documentId": "tweet-17", "label": 0}},
 * so that a labelling tool or {@code kcat} can send labels. A JSON record without an id takes the
 * record key.
 */
public final class FeedbackReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AvroDeserializer<Feedback> avro;

    public FeedbackReader(SchemaRegistry registry) {
        this.avro = new AvroDeserializer<>(Feedback.class, registry);
    }

    /** @throws IllegalArgumentException with a one-line reason when the record is not a label */
    public FeedbackLabel read(String topic, byte[] key, byte[] value) {
        if (value == null || value.length == 0) {
            throw new IllegalArgumentException("empty feedback record");
        }
        if (ConfluentWireFormat.isFramed(value)) {
            Feedback f;
            try {
                f = avro.deserialize(topic, value);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("unreadable Feedback Avro: " + e.getMessage(), e);
            }
            return new FeedbackLabel(f.getDocumentId(), f.getLabel(), f.getLabelName(), f.getSource());
        }
        JsonNode json;
        try {
            json = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("feedback is neither Feedback Avro nor JSON: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable feedback: " + e.getMessage(), e);
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("feedback JSON must be an object with id and label");
        }
        JsonNode id = json.hasNonNull("id") ? json.get("id") : json.get("documentId");
        String documentId = id != null && id.isValueNode() ? id.asText()
                : key == null ? null : new String(key, StandardCharsets.UTF_8);
        JsonNode label = json.get("label");
        Integer index = null;
        String name = json.hasNonNull("labelName") ? json.get("labelName").asText() : null;
        if (label == null || label.isNull()) {
            if (name == null) {
                throw new IllegalArgumentException("feedback JSON has no label");
            }
        } else if (label.isIntegralNumber()) {
            index = label.asInt();
        } else if (label.isTextual()) {
            String text = label.asText().strip();
            if (text.matches("-?\\d+")) {
                index = Integer.parseInt(text);
            } else {
                name = text;
            }
        } else {
            throw new IllegalArgumentException("feedback label must be an index or a class name, got " + label);
        }
        String source = json.hasNonNull("source") ? json.get("source").asText() : "json";
        return new FeedbackLabel(documentId, index, name, source);
    }
}
