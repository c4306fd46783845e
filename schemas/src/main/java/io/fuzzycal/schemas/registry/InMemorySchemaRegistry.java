package io.fuzzycal.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * A schema registry in memory, for tests and single-JVM demos; {@code schema.registry.url=mock://scope}
 * selects the instance shared by that scope, as in Confluent's serde. It behaves like Confluent's
 * registry where the serde can tell: ids come from one sequence starting at 1 and belong to the
 * schema text, so the same schema gets the same id under every subject; registering again is a
 * no-op; a new version must be BACKWARD compatible with the subject's latest (Confluent's default),
 * else error 409; errors carry Confluent's error codes.
 *
 * <p>A schema instance once registered or found under a subject is remembered with its id, as
 * Confluent's client caches it: serializers ask for every record, and writing the schema out as text
 * to look it up took a third of the calibration stream's time ({@code fuzzycal bench calibrate-stream}).
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {
    private static final Map<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final Map<String, Integer> idsByText = new HashMap<>();
    private final List<Schema> schemasById = new ArrayList<>();
    private final Map<String, List<Integer>> idsBySubject = new HashMap<>();
    // by instance, not Schema.equals (which ignores docs, while ids belong to the text)
    private final Map<String, Map<Schema, Integer>> knownBySubject = new HashMap<>();

    /** The instance of {@code scope}, created on first use and shared until {@link #dropScope}. */
    public static InMemorySchemaRegistry forScope(String scope) {
        return SCOPES.computeIfAbsent(scope, s -> new InMemorySchemaRegistry());
    }

    /** Forgets the scope's schemas: the next {@link #forScope} starts empty (ids from 1 again). */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        Integer known = known(subject, schema);
        if (known != null) {
            return known;
        }
        String text = schema.toString();
        Integer id = idsByText.get(text);
        List<Integer> versions = idsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        if (id != null && versions.contains(id)) {
            remember(subject, schema, id);
            return id;
        }
        if (!versions.isEmpty()) {
            requireBackwardCompatible(subject, schema, schemasById.get(versions.get(versions.size() - 1) - 1));
        }
        if (id == null) {
            schemasById.add(schema);
            id = schemasById.size();
            idsByText.put(text, id);
        }
        versions.add(id);
        remember(subject, schema, id);
        return id;
    }

    @Override
    public synchronized int idOf(String subject, Schema schema) {
        Integer known = known(subject, schema);
        if (known != null) {
            return known;
        }
        List<Integer> versions = versionsOf(subject);
        Integer id = idsByText.get(schema.toString());
        if (id == null || !versions.contains(id)) {
            throw new SchemaRegistryException(404, SchemaRegistryException.SCHEMA_NOT_FOUND,
                    "Schema not found under subject '" + subject + "' (" + schema.getFullName() + ")");
        }
        remember(subject, schema, id);
        return id;
    }

    private Integer known(String subject, Schema schema) {
        Map<Schema, Integer> known = knownBySubject.get(subject);
        return known == null ? null : known.get(schema);
    }

    private void remember(String subject, Schema schema, int id) {
        knownBySubject.computeIfAbsent(subject, s -> new IdentityHashMap<>()).put(schema, id);
    }

    @Override
    public synchronized Schema schemaById(int id) {
        if (id < 1 || id > schemasById.size()) {
            throw new SchemaRegistryException(404, SchemaRegistryException.SCHEMA_NOT_FOUND,
                    "Schema " + id + " not found");
        }
        return schemasById.get(id - 1);
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        List<Integer> versions = versionsOf(subject);
        int id = versions.get(versions.size() - 1);
        return new RegisteredSchema(subject, versions.size(), id, schemasById.get(id - 1));
    }

    /** The subjects with at least one version, for tools that list what a scope holds. */
    public synchronized List<String> subjects() {
        return idsBySubject.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey)
                .sorted().toList();
    }

    private List<Integer> versionsOf(String subject) {
        List<Integer> versions = idsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw new SchemaRegistryException(404, SchemaRegistryException.SUBJECT_NOT_FOUND,
                    "Subject '" + subject + "' not found.");
        }
        return versions;
    }

    // BACKWARD: consumers upgraded to the new schema must still read what the previous one wrote.
    private static void requireBackwardCompatible(String subject, Schema candidate, Schema latest) {
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(candidate, latest);
        if (result.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new SchemaRegistryException(409, SchemaRegistryException.INCOMPATIBLE_SCHEMA,
                    "Schema being registered is incompatible with an earlier schema for subject '" + subject
                            + "': " + result.getResult().getIncompatibilities());
        }
    }
}
