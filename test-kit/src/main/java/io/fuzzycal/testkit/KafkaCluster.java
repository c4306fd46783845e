package io.fuzzycal.testkit;

import io.fuzzycal.devkafka.DevSchemaRegistryServer;
import io.fuzzycal.devkafka.EmbeddedKafkaBroker;
import io.fuzzycal.devkafka.ScramUser;
import io.fuzzycal.devkafka.ServiceAcls;
import io.fuzzycal.schemas.registry.InMemorySchemaRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Kafka broker (the project's embedded KRaft broker, the one users run) per test class, on a
 * free port with its own data directory, plus schema registries: an in-memory one per scope for
 * {@code mock://} URLs, or the development registry over HTTP on demand. Register it as a static field:
 *
 * <pre>{@code @RegisterExtension static final KafkaCluster KAFKA = new KafkaCluster();}</pre>
 */
public final class KafkaCluster implements BeforeAllCallback, AfterAllCallback {
    private final UnaryOperator<EmbeddedKafkaBroker.Builder> customizer;
    private final boolean httpRegistry;
    private Path dir;
    private EmbeddedKafkaBroker broker;
    /** The client port of the first start, kept by {@link #startBroker}. */
    private int port;
    /** Valid while the broker is down too: the address and logins do not change with a restart. */
    private Map<String, Object> clientProperties;
    private DevSchemaRegistryServer registryServer;

    public KafkaCluster() {
        this(UnaryOperator.identity(), false);
    }

    private KafkaCluster(UnaryOperator<EmbeddedKafkaBroker.Builder> customizer, boolean httpRegistry) {
        this.customizer = customizer;
        this.httpRegistry = httpRegistry;
    }

    /** The same cluster with SASL/SCRAM on, {@code brokerUser} for inter-broker traffic, and more users. */
    public KafkaCluster withSaslScram(ScramUser brokerUser, ScramUser... users) {
        return new KafkaCluster(b -> {
            EmbeddedKafkaBroker.Builder out = customizer.apply(b).saslScram(brokerUser);
            for (ScramUser user : users) {
                out = out.scramUser(user);
            }
            return out;
        }, httpRegistry);
    }

    /** The same cluster (with SASL/SCRAM on) with one more user, and what it may do. */
    public KafkaCluster withScramUser(ScramUser user, ServiceAcls.Role role) {
        return new KafkaCluster(b -> customizer.apply(b).scramUser(user, role), httpRegistry);
    }

    /** The same cluster with a broker property set. */
    public KafkaCluster withBrokerProperty(String name, String value) {
        return new KafkaCluster(b -> customizer.apply(b).property(name, value), httpRegistry);
    }

    /** The same cluster with the development Schema Registry served over HTTP ({@link #registryUrl()}). */
    public KafkaCluster withHttpRegistry() {
        return new KafkaCluster(customizer, true);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("fuzzycal-kafka-" + context.getRequiredTestClass().getSimpleName() + "-");
        broker = customizer.apply(EmbeddedKafkaBroker.builder().dataDir(dir.resolve("kafka")).port(0)).start();
        port = broker.port();
        clientProperties = Map.copyOf(broker.clientProperties());
        if (httpRegistry) {
            registryServer = DevSchemaRegistryServer.start(broker.clientProperties(), "127.0.0.1", 0);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        List<AutoCloseable> open = new ArrayList<>();
        if (registryServer != null) {
            open.add(registryServer);
        }
        if (broker != null) {
            open.add(broker);
        }
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IOException("closing " + c, e);
            }
        }
        if (dir != null) {
            Directories.deleteRecursively(dir);
        }
    }

    public EmbeddedKafkaBroker broker() {
        return broker;
    }

    /**
     * Shuts the broker down (controlled shutdown), as an outage: clients keep their bootstrap address
     * and the HTTP registry keeps serving the schemas it has read. {@link #startBroker} ends it.
     */
    public void stopBroker() {
        if (broker == null) {
            throw new IllegalStateException("the broker is not running");
        }
        broker.close();
        broker = null;
    }

    /**
     * Starts the broker again after {@link #stopBroker}, on the same port and data directory, so that
     * its topics, offsets and transactions are there and clients reconnect to the address they know.
     */
    public void startBroker() throws Exception {
        if (broker != null) {
            throw new IllegalStateException("the broker is running");
        }
        broker = customizer.apply(EmbeddedKafkaBroker.builder().dataDir(dir.resolve("kafka")).port(port)).start();
    }

    public String bootstrapServers() {
        return (String) clientProperties.get("bootstrap.servers");
    }

    /** A fresh, mutable copy of the client properties every test client needs (security included). */
    public Map<String, Object> clientProperties() {
        return new HashMap<>(clientProperties);
    }

    /** The URL of the HTTP development registry; only with {@link #withHttpRegistry()}. */
    public String registryUrl() {
        if (registryServer == null) {
            throw new IllegalStateException("this cluster has no HTTP registry: use withHttpRegistry()");
        }
        return registryServer.url();
    }

    /** A new in-memory registry of its own; its URL is {@code mock://} plus the scope. */
    public static Scope newRegistryScope() {
        String scope = "it-" + UUID.randomUUID();
        return new Scope("mock://" + scope, InMemorySchemaRegistry.forScope(scope));
    }

    /** An in-memory registry and the URL that reaches it. */
    public record Scope(String url, InMemorySchemaRegistry registry) {
    }

    /** A directory of this cluster's temporary folder for a test's own state. */
    public Path stateDir(String name) throws IOException {
        return Files.createDirectories(dir.resolve("state").resolve(name));
    }
}
