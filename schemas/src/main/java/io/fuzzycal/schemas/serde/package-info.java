/**
 * Kafka serdes for Avro records in Confluent's wire format, so that Confluent's own deserializers,
 * kcat {@code -s avro}, ksqlDB and Kafka Connect read what this project writes, and the other way
 * round.
 *
 * <pre>
 * byte 0     magic byte, 0
 * bytes 1-4  schema id in the registry, big-endian int
 * bytes 5-   Avro binary encoding of the record (no Avro container or single-object header)
 * </pre>
 *
 * The serializer registers a record's schema under the subject {@code <topic>-value} (or
 * {@code <topic>-key}), Confluent's TopicNameStrategy; the deserializer fetches the writer schema by
 * id and resolves it to the reader's schema. Both configure from the producer, consumer or Streams
 * properties, under Confluent's names: {@code schema.registry.url} and the client settings of
 * {@link io.fuzzycal.schemas.registry.SchemaRegistryConfig}, plus {@code auto.register.schemas} and
 * {@code specific.avro.reader} ({@link io.fuzzycal.schemas.serde.AvroSerdeConfig}).
 *
 * <pre>{@code
 * props.put("value.serializer", AvroSerializer.class.getName());
 * props.put("schema.registry.url", "http://localhost:8081");   // or mock://tests
 * // in code: new AvroSerde<>(Prediction.class) and configure(...), or new AvroSerde<>(Prediction.class, registry)
 * }</pre>
 */
package io.fuzzycal.schemas.serde;
