package io.fuzzycal.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** The JSON that commands print or write: indented, with non-finite numbers as {@code null}. */
final class JsonOutput {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonOutput() {
    }

    static String write(JsonNode root) {
        try {
            return MAPPER.writeValueAsString(finiteOrNull(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise JSON output", e);
        }
    }

    /** JSON has no NaN or infinity (an empty bin's mean); replaces them with null, in place. */
    private static JsonNode finiteOrNull(JsonNode node) {
        if (node instanceof ObjectNode o) {
            for (Map.Entry<String, JsonNode> e : o.properties()) {
                e.setValue(finiteOrNull(e.getValue()));
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, finiteOrNull(a.get(i)));
            }
        } else if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            return NullNode.getInstance();
        }
        return node;
    }
}
