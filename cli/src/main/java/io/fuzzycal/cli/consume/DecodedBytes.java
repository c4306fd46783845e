package io.fuzzycal.cli.consume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * A key, value or header as {@code fuzzycal consume} prints it.
 *
 * @param format "avro" (the value is the record's Avro JSON), "text" (UTF-8), "base64", or null for a null
 * @param json   the printed form
 */
record DecodedBytes(String format, JsonNode json) {
    static final String AVRO = "avro";
    static final String TEXT = "text";
    static final String BASE64 = "base64";
    static final DecodedBytes NULL = new DecodedBytes(null, NullNode.getInstance());
}
