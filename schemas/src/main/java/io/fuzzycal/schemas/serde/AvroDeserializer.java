package io.fuzzycal.schemas.serde;

import io.fuzzycal.schemas.TrustedAvroPackages;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-wire-format Avro: takes the writer schema's id from the header, fetches that
 * schema from the registry once, and resolves it to the reader's schema by Avro's evolution rules
 * (fields the reader lacks are skipped, fields the writer lacks get the reader's defaults).
 *
 * <p>The reader's schema is the generated class's, when given one; a schema given as such (generic
 * records); or, with neither, the writer's own, as GenericRecord, or as the generated class found by
 * the writer schema's name when {@code specific.avro.reader=true}. Null reads as null. Every failure
 * is a {@link SerializationException} naming the topic, the schema id and the cause.
 *
 * <p>Creating one trusts the generated classes' package for Avro's class loading (see
 * {@link TrustedAvroPackages}): Avro 1.12 refuses to instantiate classes outside the packages listed in
 * the system property {@code org.apache.avro.SERIALIZABLE_PACKAGES}.
 */
public class AvroDeserializer<T> implements Deserializer<T> {
    private final Class<T> type;
    private final Schema readerSchema;
    private volatile SchemaRegistry registry;
    private volatile boolean specificReader;
    private final Map<Integer, DatumReader<Object>> readers = new ConcurrentHashMap<>();

    /** A deserializer that {@link #configure} connects to {@code schema.registry.url}; generic unless {@code specific.avro.reader}. */
    public AvroDeserializer() {
        this(null, null, null);
    }

    /** Reads values into the generated class {@code type}; {@link #configure} connects it. */
    public AvroDeserializer(Class<T> type) {
        this(requireSpecific(type), null, null);
    }

    /** Reads values into the generated class {@code type}, from {@code registry}; needs no configure. */
    public AvroDeserializer(Class<T> type, SchemaRegistry registry) {
        this(requireSpecific(type), null, registry);
    }

    /** Reads generic records resolved to {@code readerSchema}; {@link #configure} connects it. */
    public AvroDeserializer(Schema readerSchema) {
        this(null, readerSchema, null);
    }

    private AvroDeserializer(Class<T> type, Schema readerSchema, SchemaRegistry registry) {
        this.type = type;
        this.readerSchema = readerSchema;
        this.registry = registry;
        if (type != null) {
            TrustedAvroPackages.trust(type.getPackageName());
        }
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        specificReader = AvroSerdeConfig.specificReader(configs);
        if (specificReader) {
            TrustedAvroPackages.trustGeneratedClasses();
        }
        if (registry == null) {
            registry = SchemaRegistry.fromConfig(configs);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        int id;
        try {
            id = ConfluentWireFormat.schemaId(data);
        } catch (SerializationException e) {
            throw new SerializationException("record from topic " + topic + ": " + e.getMessage());
        }
        DatumReader<Object> reader = readerFor(id, topic);
        try {
            Decoder decoder = DecoderFactory.get().binaryDecoder(data, ConfluentWireFormat.HEADER_LENGTH,
                    data.length - ConfluentWireFormat.HEADER_LENGTH, null);
            return (T) reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot decode record from topic " + topic + " with schema id " + id
                    + " (" + data.length + " bytes): truncated or corrupt Avro data: " + e, e);
        }
    }

    private DatumReader<Object> readerFor(int id, String topic) {
        DatumReader<Object> cached = readers.get(id);
        if (cached != null) {
            return cached;
        }
        SchemaRegistry source = registry;
        if (source == null) {
            throw new IllegalStateException("AvroDeserializer has no schema registry: call configure() with "
                    + "schema.registry.url, or construct it with a SchemaRegistry");
        }
        Schema writer;
        try {
            writer = source.schemaById(id);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("record from topic " + topic + " was written with schema id " + id
                    + ", which the schema registry cannot give (written against another registry?): "
                    + e.getMessage(), e);
        }
        DatumReader<Object> reader = newReader(writer, id, topic);
        DatumReader<Object> raced = readers.putIfAbsent(id, reader);
        return raced != null ? raced : reader;
    }

    private DatumReader<Object> newReader(Schema writer, int id, String topic) {
        if (type != null) {
            SpecificData model = SpecificData.getForClass(type);
            return new SpecificDatumReader<>(writer, compatibleReader(writer, model.getSchema(type), id, topic), model);
        }
        if (readerSchema != null) {
            return new GenericDatumReader<>(writer, compatibleReader(writer, readerSchema, id, topic),
                    GenericData.get());
        }
        if (specificReader) {
            Class<?> generated = SpecificData.get().getClass(writer);
            if (generated != null) {
                SpecificData model = SpecificData.getForClass(generated);
                return new SpecificDatumReader<>(writer, compatibleReader(writer, model.getSchema(generated), id, topic),
                        model);
            }
        }
        return new GenericDatumReader<>(writer, writer, GenericData.get());
    }

    // Checked once per writer id, so a wrong topic or a breaking change fails with a readable reason.
    private static Schema compatibleReader(Schema writer, Schema reader, int id, String topic) {
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new SerializationException("record from topic " + topic + " was written with schema id " + id
                    + " (" + writer.getFullName() + "), which cannot be read as " + reader.getFullName() + ": "
                    + result.getResult().getIncompatibilities());
        }
        return reader;
    }

    private static <T> Class<T> requireSpecific(Class<T> type) {
        if (type == null || !SpecificRecord.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("not a generated Avro class: " + type);
        }
        return type;
    }
}
