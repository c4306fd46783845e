package io.fuzzycal.cli.consume;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.schemas.serde.ConfluentWireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;

/**
 * Turns record bytes into printable JSON: Confluent-wire-format Avro through the Schema Registry
 * into the record's Avro JSON (what {@code kafka-avro-console-consumer} prints), valid UTF-8 into
 * text, anything else into base64. A value that looks like Avro but cannot be decoded (no registry,
 * unknown schema id, bytes that do not fit the schema) prints as base64, with one warning per cause.
 */
final class BytesDecoder {
    // Avro's JSON encoder writes NaN and Infinity as bare tokens; accept them to re-embed the JSON.
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private final SchemaRegistry registry;
    private final Consumer<String> warnings;
    private final Map<Integer, Schema> schemas = new HashMap<>();
    private final Set<Integer> unavailableIds = new HashSet<>();
    private final Set<Integer> undecodableIds = new HashSet<>();

    /** {@code registry} null: Avro stays undecoded. {@code warnings} gets one line per distinct problem. */
    BytesDecoder(SchemaRegistry registry, Consumer<String> warnings) {
        this.registry = registry;
        this.warnings = warnings;
    }

    DecodedBytes decode(byte[] bytes) {
        if (bytes == null) {
            return DecodedBytes.NULL;
        }
        if (ConfluentWireFormat.isFramed(bytes)) {
            JsonNode avro = avro(bytes);
            if (avro != null) {
                return new DecodedBytes(DecodedBytes.AVRO, avro);
            }
            return base64(bytes);
        }
        return text(bytes);
    }

    /** UTF-8 text when the bytes are valid UTF-8, else base64 (headers are never Avro). */
    static DecodedBytes text(byte[] bytes) {
        if (bytes == null) {
            return DecodedBytes.NULL;
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return new DecodedBytes(DecodedBytes.TEXT, TextNode.valueOf(text));
        } catch (CharacterCodingException notUtf8) {
            return base64(bytes);
        }
    }

    private static DecodedBytes base64(byte[] bytes) {
        return new DecodedBytes(DecodedBytes.BASE64, TextNode.valueOf(Base64.getEncoder().encodeToString(bytes)));
    }

    private JsonNode avro(byte[] bytes) {
        int id = ConfluentWireFormat.schemaId(bytes);
        Schema schema = schema(id);
        if (schema == null) {
            return null;
        }
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, ConfluentWireFormat.HEADER_LENGTH,
                    bytes.length - ConfluentWireFormat.HEADER_LENGTH, null);
            Object datum = new GenericDatumReader<>(schema).read(null, decoder);
            if (!decoder.isEnd()) {
                throw new IOException("bytes left over after the record");
            }
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            JsonEncoder encoder = EncoderFactory.get().jsonEncoder(schema, json);
            new GenericDatumWriter<>(schema).write(datum, encoder);
            encoder.flush();
            return JSON.readTree(json.toByteArray());
        } catch (IOException | RuntimeException e) {
            if (undecodableIds.add(id)) {
                warnings.accept("bytes that start like Confluent Avro with schema id " + id
                        + " do not decode with that schema (" + e + "); printing them as base64");
            }
            return null;
        }
    }

    private Schema schema(int id) {
        Schema cached = schemas.get(id);
        if (cached != null || unavailableIds.contains(id)) {
            return cached;
        }
        if (registry == null) {
            unavailableIds.add(id);
            warnings.accept("bytes look like Confluent Avro (schema id " + id
                    + ") but no schema registry is configured; printing them as base64");
            return null;
        }
        try {
            Schema schema = registry.schemaById(id);
            schemas.put(id, schema);
            return schema;
        } catch (RuntimeException e) {
            unavailableIds.add(id);
            warnings.accept("schema id " + id + " is not available (" + e.getMessage() + "); printing those bytes as base64");
            return null;
        }
    }
}
