package io.fuzzycal.devkafka;

import io.fuzzycal.schemas.registry.InMemorySchemaRegistry;
import io.fuzzycal.schemas.registry.RegisteredSchema;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.schemas.registry.SchemaRegistryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;

/**
 * The state of the development Schema Registry: the schemas of a {@link SchemaLog}, with
 * {@link InMemorySchemaRegistry}'s rules (ids from one sequence, the same id for the same schema
 * under every subject, BACKWARD compatibility, Confluent's error codes). Opening replays the log
 * through those rules, which assign the same ids and versions again; a log they do not reproduce
 * (written by another registry) is refused. Each new version is in the log before its id is given
 * out. One writer: this is a development registry, not a cluster of them.
 */
final class PersistentSchemaRegistry implements SchemaRegistry {
    /** Confluent's "error in the backend data store". */
    static final int STORE_ERROR = 50001;

    private final SchemaLog log;
    private InMemorySchemaRegistry rules;
    private Map<String, List<RegisteredSchema>> versionsBySubject;
    private boolean replayNeeded = true;

    private PersistentSchemaRegistry(SchemaLog log) {
        this.log = log;
    }

    static PersistentSchemaRegistry open(SchemaLog log) {
        PersistentSchemaRegistry registry = new PersistentSchemaRegistry(log);
        registry.replayIfNeeded();
        return registry;
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        replayIfNeeded();
        if (isRegistered(subject, schema)) {
            return rules.idOf(subject, schema);
        }
        int id = rules.register(subject, schema);
        RegisteredSchema registered = rules.latest(subject);
        try {
            log.append(registered);
        } catch (RuntimeException e) {
            // The rules hold a version the log may lack: rebuild them from the log before the next request.
            replayNeeded = true;
            throw new SchemaRegistryException(500, STORE_ERROR,
                    "Error while storing schema of subject '" + subject + "': " + e.getMessage());
        }
        versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>()).add(registered);
        return id;
    }

    @Override
    public synchronized int idOf(String subject, Schema schema) {
        replayIfNeeded();
        return rules.idOf(subject, schema);
    }

    @Override
    public synchronized Schema schemaById(int id) {
        replayIfNeeded();
        return rules.schemaById(id);
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        List<RegisteredSchema> versions = versionsOf(subject);
        return versions.get(versions.size() - 1);
    }

    /** The version of {@code subject} that holds {@code schema} (the POST /subjects/{subject} lookup). */
    synchronized RegisteredSchema lookup(String subject, Schema schema) {
        int id = idOf(subject, schema);
        return versionsOf(subject).stream().filter(v -> v.id() == id).findFirst().orElseThrow();
    }

    synchronized RegisteredSchema version(String subject, int version) {
        List<RegisteredSchema> versions = versionsOf(subject);
        if (version < 1 || version > versions.size()) {
            throw new SchemaRegistryException(404, SchemaRegistryException.VERSION_NOT_FOUND,
                    "Version " + version + " not found.");
        }
        return versions.get(version - 1);
    }

    synchronized List<Integer> versions(String subject) {
        return versionsOf(subject).stream().map(RegisteredSchema::version).toList();
    }

    synchronized List<String> subjects() {
        replayIfNeeded();
        return List.copyOf(versionsBySubject.keySet());
    }

    private boolean isRegistered(String subject, Schema schema) {
        try {
            rules.idOf(subject, schema);
            return true;
        } catch (SchemaRegistryException notThere) {
            return false;
        }
    }

    private List<RegisteredSchema> versionsOf(String subject) {
        replayIfNeeded();
        List<RegisteredSchema> versions = versionsBySubject.get(subject);
        if (versions == null) {
            throw new SchemaRegistryException(404, SchemaRegistryException.SUBJECT_NOT_FOUND,
                    "Subject '" + subject + "' not found.");
        }
        return versions;
    }

    private void replayIfNeeded() {
        if (!replayNeeded) {
            return;
        }
        List<RegisteredSchema> stored;
        try {
            stored = log.readAll();
        } catch (RuntimeException e) {
            throw new SchemaRegistryException(500, STORE_ERROR, "Error while reading the stored schemas: " + e.getMessage());
        }
        InMemorySchemaRegistry replayedRules = new InMemorySchemaRegistry();
        Map<String, List<RegisteredSchema>> replayedVersions = new TreeMap<>();
        for (RegisteredSchema record : stored) {
            List<RegisteredSchema> versions = replayedVersions.computeIfAbsent(record.subject(), s -> new ArrayList<>());
            if (record.version() <= versions.size()) {
                continue; // written twice (a retried write): the first copy counts
            }
            int id = replayedRules.register(record.subject(), record.schema());
            RegisteredSchema replayed = replayedRules.latest(record.subject());
            if (id != record.id() || replayed.version() != record.version()) {
                throw new IllegalStateException("stored schema " + record.subject() + " version " + record.version()
                        + " id " + record.id() + " replays as version " + replayed.version() + " id " + id
                        + ": the schema log was written by another registry");
            }
            versions.add(record);
        }
        rules = replayedRules;
        versionsBySubject = replayedVersions;
        replayNeeded = false;
    }
}
