package io.fuzzycal.schemas.registry;

import org.apache.avro.Schema;

/** One version of a subject: its number within the subject, its global id, and the schema. */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {
}
