package io.fuzzycal.devkafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fuzzycal.schemas.registry.RegisteredSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The registry's schemas in a compacted, single-partition Kafka topic, in the record format of
 * Confluent's Schema Registry: key {@code {"keytype":"SCHEMA","subject":s,"version":v,"magic":1}},
 * value {@code {"subject":s,"version":v,"id":n,"schema":"...","deleted":false}}. Other key types that
 * Confluent writes (CONFIG, NOOP, ...) are skipped when reading.
 */
final class SchemasTopic implements SchemaLog, AutoCloseable {
    static final String DEFAULT_NAME = "_schemas";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final String topic;
    private final TopicPartition partition;
    private final Map<String, Object> client;
    private final KafkaProducer<byte[], byte[]> producer;

    private SchemasTopic(String topic, Map<String, Object> client) {
        this.topic = topic;
        this.partition = new TopicPartition(topic, 0);
        this.client = Map.copyOf(client);
        Map<String, Object> config = new HashMap<>(client);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "fuzzycal-dev-schema-registry");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TIMEOUT.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The topic on the cluster that {@code client} points at, created (compacted, one partition) if missing. */
    static SchemasTopic open(Map<String, Object> client, String topic) throws Exception {
        try (Admin admin = Admin.create(client)) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())
                            .configs(Map.of("cleanup.policy", "compact"))))
                    .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        return new SchemasTopic(topic, client);
    }

    @Override
    public List<RegisteredSchema> readAll() {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "fuzzycal-dev-schema-registry-reader");
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        List<RegisteredSchema> schemas = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (consumer.position(partition) < end) {
                if (System.nanoTime() > deadline) {
                    throw new KafkaException("could not read " + topic + " to its end (offset " + end + ") within "
                            + TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    parse(record).ifPresent(schemas::add);
                }
            }
        }
        return schemas;
    }

    @Override
    public void append(RegisteredSchema registered) {
        byte[] key = JSON.createObjectNode().put("keytype", "SCHEMA").put("subject", registered.subject())
                .put("version", registered.version()).put("magic", 1).toString().getBytes(StandardCharsets.UTF_8);
        byte[] value = JSON.createObjectNode().put("subject", registered.subject()).put("version", registered.version())
                .put("id", registered.id()).put("schema", registered.schema().toString()).put("deleted", false)
                .toString().getBytes(StandardCharsets.UTF_8);
        try {
            producer.send(new ProducerRecord<>(topic, 0, key, value)).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while writing to " + topic, e);
        } catch (ExecutionException e) {
            throw new KafkaException("could not write to " + topic + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("no acknowledgement from " + topic + " within " + TIMEOUT.toSeconds() + " s", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    private Optional<RegisteredSchema> parse(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null || record.value() == null) {
            return Optional.empty();
        }
        try {
            JsonNode key = JSON.readTree(record.key());
            if (!"SCHEMA".equals(key.path("keytype").asText())) {
                return Optional.empty();
            }
            JsonNode value = JSON.readTree(record.value());
            Schema schema = new Schema.Parser().parse(value.path("schema").asText());
            return Optional.of(new RegisteredSchema(value.path("subject").asText(), value.path("version").asInt(),
                    value.path("id").asInt(), schema));
        } catch (IOException e) {
            throw new UncheckedIOException("record " + topic + "@" + record.offset() + " is not registry JSON", e);
        }
    }
}
