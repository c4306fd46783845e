package io.fuzzycal.schemas.serde;

import java.util.Map;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigException;

/**
 * Serde settings, under Confluent's property names, beside the registry client's own (see
 * {@link io.fuzzycal.schemas.registry.SchemaRegistryConfig}).
 *
 * <ul>
 *   <li>{@value #AUTO_REGISTER_SCHEMAS} (default true): the serializer registers the record's schema
 *       under the topic's subject; false, it only looks the schema up and fails if it is not there
 *       (for registries where producers may not register).</li>
 *   <li>{@value #SPECIFIC_AVRO_READER} (default false): a deserializer not given a class returns
 *       generated classes, found by the writer schema's full name, instead of GenericRecord.</li>
 *   <li>{@value #VALUE_SUBJECT_NAME_STRATEGY}, {@value #KEY_SUBJECT_NAME_STRATEGY}: accepted only if
 *       they name Confluent's TopicNameStrategy, the one implemented.</li>
 * </ul>
 */
public final class AvroSerdeConfig {
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";

    private AvroSerdeConfig() {
    }

    static boolean autoRegister(Map<String, ?> configs) {
        return bool(configs, AUTO_REGISTER_SCHEMAS, true);
    }

    static boolean specificReader(Map<String, ?> configs) {
        return bool(configs, SPECIFIC_AVRO_READER, false);
    }

    static void requireTopicNameStrategy(Map<String, ?> configs, boolean isKey) {
        String name = isKey ? KEY_SUBJECT_NAME_STRATEGY : VALUE_SUBJECT_NAME_STRATEGY;
        Object value = configs.get(name);
        if (value == null) {
            return;
        }
        String className = value instanceof Class<?> c ? c.getName() : value.toString().strip();
        if (!className.endsWith(".TopicNameStrategy") && !className.equals("TopicNameStrategy")) {
            throw new ConfigException(name, value, "only TopicNameStrategy (<topic>-key, <topic>-value) is supported");
        }
    }

    private static boolean bool(Map<String, ?> configs, String name, boolean fallback) {
        Object value = configs.get(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().strip().toLowerCase(Locale.ROOT);
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new ConfigException(name, value, "expected true or false");
    }
}
