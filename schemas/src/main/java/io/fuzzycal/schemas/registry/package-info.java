/**
 * Schema Registry clients: {@link io.fuzzycal.schemas.registry.SchemaRegistry#fromConfig} gives the
 * REST client of a Confluent-compatible registry (Confluent, Apicurio's ccompat API, Karapace,
 * Redpanda), with basic auth, retries with backoff and caches both ways, or for a
 * {@code mock://scope} URL the {@link io.fuzzycal.schemas.registry.InMemorySchemaRegistry} of that
 * scope.
 */
package io.fuzzycal.schemas.registry;
