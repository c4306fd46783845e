package io.fuzzycal.cli.consume;

import io.fuzzycal.cli.InvalidInputException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fuzzycal.cli.DurationConverter;
import io.fuzzycal.cli.FuzzycalVersion;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.schemas.registry.SchemaRegistryConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fuzzycal consume}: prints a topic's records as JSON lines, decoding Confluent-wire-format
 * Avro through the Schema Registry, as {@code kafka-avro-console-consumer} does for Confluent users.
 * Reads every partition without a consumer group (nothing is committed), committed records only.
 */
@Command(name = "consume",
        mixinStandardHelpOptions = true,
        versionProvider = FuzzycalVersion.class,
        description = {"Prints the records of a topic as JSON lines: {\"topic\", \"partition\", \"offset\", \"key\","
                + " \"value\", \"headers\", \"keyFormat\", \"valueFormat\"}.",
            "Values in Confluent's Avro wire format are decoded through the schema registry into the record's Avro"
                    + " JSON (format avro); others print as UTF-8 text (text) when valid, else base64 (base64)."
                    + " Reads committed records only (isolation.level=read_committed), from every partition, without a"
                    + " consumer group. Stops after --max records, or when no record came for --timeout."})
public final class ConsumeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-servers", defaultValue = "127.0.0.1:9092", paramLabel = "<host:port>",
            description = "Kafka brokers. Default: ${DEFAULT-VALUE} (fuzzycal broker's).")
    String bootstrapServers;

    @Option(names = "--topic", required = true, paramLabel = "<topic>", description = "The topic to read.")
    String topic;

    @Option(names = "--from-beginning", description = "Start at the oldest record; default: only records produced from now on.")
    boolean fromBeginning;

    @Option(names = "--max", paramLabel = "<n>", description = "Stop after this many records.")
    Long max;

    @Option(names = "--schema-registry", defaultValue = "http://127.0.0.1:8081", paramLabel = "<url>",
            description = "Schema Registry for Avro values (Confluent's REST API; user:password@ for basic auth);"
                    + " 'none' to leave Avro undecoded. Default: ${DEFAULT-VALUE} (fuzzycal broker's).")
    String schemaRegistry;

    @Option(names = "--timeout", defaultValue = "10s", converter = DurationConverter.class, paramLabel = "<duration>",
            description = "Stop when no record came for this long (also the wait for the broker's first answer),"
                    + " for example 500ms, 10s, 2m. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = {"-X", "--consumer-property"}, paramLabel = "<key=value>",
            description = "A Kafka consumer property, for example -X security.protocol=SASL_SSL; repeatable.")
    Map<String, String> consumerProperties = new LinkedHashMap<>();

    @Override
    public Integer call() throws IOException {
        if (max != null && max < 1) {
            throw new ParameterException(spec.commandLine(), "--max must be at least 1, not " + max);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new ParameterException(spec.commandLine(), "--timeout must be positive");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RecordJson json = new RecordJson(new BytesDecoder(registry(), warning -> {
            err.println("fuzzycal consume: warning: " + warning);
            err.flush();
        }));
        ObjectWriter writer = lineWriter();
        long printed = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(consumerConfig(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            // Resolve "the end" now, so records produced after this point are read.
            partitions.forEach(consumer::position);

            long idleSince = System.nanoTime();
            while (max == null || printed < max) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    if (System.nanoTime() - idleSince >= timeout.toNanos()) {
                        break;
                    }
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    out.println(writer.writeValueAsString(json.of(record)));
                    if (++printed == (max == null ? Long.MAX_VALUE : max)) {
                        break;
                    }
                }
                out.flush();
                idleSince = System.nanoTime();
            }
        } catch (AuthenticationException | AuthorizationException e) {
            throw new IOException("Kafka at " + bootstrapServers + " refused the consumer: " + e.getMessage(), e);
        } catch (TimeoutException e) {
            throw new IOException("no answer from Kafka at " + bootstrapServers + " within "
                    + DurationConverter.format(timeout) + " (is a broker running there?): " + e.getMessage(), e);
        }
        out.flush();
        err.printf("fuzzycal consume: %d record(s) from %s%n", printed, topic);
        err.flush();
        return 0;
    }

    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new InvalidInputException("topic '" + topic + "' does not exist on " + bootstrapServers);
        }
        return infos.stream().map(p -> new TopicPartition(topic, p.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "fuzzycal-consume");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Reading must not create the topic it reads.
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        config.putAll(consumerProperties);
        return config;
    }

    private SchemaRegistry registry() {
        if (schemaRegistry == null || schemaRegistry.isBlank() || schemaRegistry.equals("none")) {
            return null;
        }
        // One quick try per schema id: a console tool should not stall on an absent registry.
        return SchemaRegistry.fromConfig(Map.of(
                SchemaRegistryConfig.URL, schemaRegistry,
                SchemaRegistryConfig.MAX_RETRIES, 0,
                SchemaRegistryConfig.HTTP_CONNECT_TIMEOUT_MS, 5_000,
                SchemaRegistryConfig.HTTP_READ_TIMEOUT_MS, 10_000));
    }

    // Where the terminal cannot take UTF-8 (Java 17 follows the locale), escape rather than lose characters.
    private static ObjectWriter lineWriter() {
        JsonMapper.Builder mapper = JsonMapper.builder();
        if (!StandardCharsets.UTF_8.equals(Charset.defaultCharset())) {
            mapper.enable(JsonWriteFeature.ESCAPE_NON_ASCII);
        }
        return mapper.build().writer();
    }
}
