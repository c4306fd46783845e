package io.fuzzycal.schemas.serde;

import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records (generated or generic) in Confluent's wire format, registering each record's
 * schema under the topic's subject ({@code <topic>-value}, or {@code -key}) on first use.
 * Configure with a registry URL, or construct with a registry; see the package documentation for
 * the settings. Null is written as null (a tombstone).
 */
public class AvroSerializer<T extends GenericContainer> implements Serializer<T> {
    private volatile SchemaRegistry registry;
    private volatile boolean isKey;
    private volatile boolean autoRegister = true;
    // keyed by generated class, or by schema for generic records
    private final Map<Object, DatumWriter<Object>> writers = new ConcurrentHashMap<>();

    /** A serializer that {@link #configure} connects to {@code schema.registry.url}. */
    public AvroSerializer() {
    }

    /** A value serializer on {@code registry}, registering schemas; {@link #configure} may change both. */
    public AvroSerializer(SchemaRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig.requireTopicNameStrategy(configs, isKey);
        this.isKey = isKey;
        this.autoRegister = AvroSerdeConfig.autoRegister(configs);
        if (registry == null) {
            registry = SchemaRegistry.fromConfig(configs);
        }
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        Schema schema = record.getSchema();
        int id = schemaId(topic, schema);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        ConfluentWireFormat.writeHeader(out, id);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writerFor(record).write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot write " + schema.getFullName() + " for topic " + topic + ": "
                    + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private int schemaId(String topic, Schema schema) {
        SchemaRegistry target = registry;
        if (target == null) {
            throw new IllegalStateException("AvroSerializer has no schema registry: call configure() with "
                    + "schema.registry.url, or construct it with a SchemaRegistry");
        }
        String subject = TopicNameStrategy.subject(topic, isKey);
        try {
            return autoRegister ? target.register(subject, schema) : target.idOf(subject, schema);
        } catch (SchemaRegistryException e) {
            throw new SerializationException((autoRegister ? "cannot register " : "cannot find ")
                    + schema.getFullName() + " under subject " + subject
                    + (autoRegister ? "" : " (auto.register.schemas=false)") + ": " + e.getMessage(), e);
        }
    }

    // Generated classes carry their own data model (with the logical-type conversions they need).
    private DatumWriter<Object> writerFor(T record) {
        if (record instanceof SpecificRecord) {
            return writers.computeIfAbsent(record.getClass(),
                    type -> new SpecificDatumWriter<>(record.getSchema(), SpecificData.getForClass(record.getClass())));
        }
        return writers.computeIfAbsent(record.getSchema(),
                schema -> new GenericDatumWriter<>(record.getSchema(), GenericData.get()));
    }
}
