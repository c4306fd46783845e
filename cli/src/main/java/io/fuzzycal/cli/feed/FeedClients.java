package io.fuzzycal.cli.feed;

import io.fuzzycal.cli.InvalidInputException;
import io.fuzzycal.cli.ServiceOptions;
import io.fuzzycal.cli.ServiceSettings;
import io.fuzzycal.schemas.TopicProvisioner;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;

/**
 * What the feed commands share: the client properties and registry from the service options, with the
 * defaults of {@code fuzzycal broker} (a producer is useless with the in-process mock registry, so the
 * registry defaults to the broker's development registry), and the topics they write, created when missing.
 */
final class FeedClients {
    static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";
    static final String DEFAULT_REGISTRY = "http://127.0.0.1:8081";

    final Map<String, Object> client;
    final SchemaRegistry registry;
    private final ServiceSettings settings;

    private FeedClients(ServiceSettings settings) {
        this.settings = settings;
        this.client = new HashMap<>(settings.kafka());
        client.put("bootstrap.servers", settings.get("bootstrap.servers", DEFAULT_BOOTSTRAP));
        Map<String, Object> registryConfig = new HashMap<>(settings.kafka());
        registryConfig.put("schema.registry.url", settings.get("schema.registry.url", DEFAULT_REGISTRY));
        this.registry = InvalidInputException.check(() -> SchemaRegistry.fromConfig(registryConfig));
    }

    static FeedClients of(ServiceOptions options) throws IOException {
        return new FeedClients(options.load(Map.of()));
    }

    /** Creates {@code topics} when missing, with --partitions and --replication-factor. */
    void ensureTopics(String... topics) throws IOException {
        int partitions = settings.getInt("partitions", 3);
        short replication = (short) settings.getInt("replication.factor", 1);
        try (Admin admin = Admin.create(client)) {
            TopicProvisioner.ensure(admin, java.util.Arrays.stream(topics)
                    .map(t -> TopicProvisioner.topic(t, partitions, replication)).toList());
        } catch (KafkaException | IllegalStateException e) {
            throw new IOException("cannot create " + List.of(topics) + " on Kafka at " + client.get("bootstrap.servers")
                    + ": " + e.getMessage(), e);
        }
    }
}
