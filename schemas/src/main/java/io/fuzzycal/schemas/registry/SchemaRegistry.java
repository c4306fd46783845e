package io.fuzzycal.schemas.registry;

import java.util.Map;
import org.apache.avro.Schema;

/**
 * The part of Confluent's Schema Registry API that the Avro serde needs. Implementations cache
 * what never changes (schema to id per subject, id to schema), so the serde may call them for
 * every record, and are safe for concurrent use.
 *
 * <p>{@link #fromConfig} picks the implementation from {@code schema.registry.url}: a
 * {@code mock://scope} URL selects the {@link InMemorySchemaRegistry} shared by that scope, as
 * Confluent's serde does; anything else is the REST API of a Confluent-compatible registry.
 */
public interface SchemaRegistry {

    /**
     * Registers {@code schema} under {@code subject} (a no-op if it is there already) and returns
     * its id. Fails with error code 409 when the registry finds it incompatible with the subject.
     */
    int register(String subject, Schema schema);

    /** The id of {@code schema} under {@code subject}; fails (40401, 40403) if it is not registered there. */
    int idOf(String subject, Schema schema);

    /** The schema with this id; fails (40403) if there is none. */
    Schema schemaById(int id);

    /** The newest version registered under {@code subject}; never cached, since it changes. */
    RegisteredSchema latest(String subject);

    /**
     * The registry that {@code configs} point at, read with Confluent's property names (see
     * {@link SchemaRegistryConfig}).
     *
     * @throws org.apache.kafka.common.config.ConfigException when the URL is missing or a setting is bad
     */
    static SchemaRegistry fromConfig(Map<String, ?> configs) {
        SchemaRegistryConfig config = SchemaRegistryConfig.parse(configs);
        if (config.mockScope() != null) {
            return InMemorySchemaRegistry.forScope(config.mockScope());
        }
        return new RestSchemaRegistry(config);
    }
}
