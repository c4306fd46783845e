package io.fuzzycal.devkafka;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;

/**
 * A real single-node Apache Kafka broker in this JVM, for {@code fuzzycal broker}, {@code fuzzycal
 * demo} and the tests: KRaft in combined mode (node 1 is broker and controller; the controller
 * quorum listens on a second port of 127.0.0.1), from the kafka_2.13 jars, started the way Kafka's
 * own {@code kafka.Kafka} main starts a KRaft node: a {@link KafkaRaftServer} over a
 * {@link KafkaConfig}.
 *
 * <p>The first start formats the data directory (cluster id, meta.properties, SCRAM users) like
 * {@code kafka-storage format}; later starts find it formatted and keep its topics. {@link
 * Builder#start} returns once the broker has acknowledged a produce. {@link #close} shuts it down
 * cleanly (controlled shutdown; the next start does no log recovery).
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dir).port(0).start()) {
 *     Map<String, Object> config = broker.clientProperties();   // bootstrap.servers, SASL if any
 * }
 * }</pre>
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 9092;
    /** Kafka's own version, as the jars on the class path report it. */
    public static final String KAFKA_VERSION = AppInfoParser.getVersion();

    private final BrokerSettings settings;
    private final KafkaRaftServer server;
    private final String clusterId;
    private final boolean formatted;
    private final Duration startupTime;
    private boolean closed;

    private EmbeddedKafkaBroker(BrokerSettings settings, KafkaRaftServer server, String clusterId, boolean formatted,
                                Duration startupTime) {
        this.settings = settings;
        this.server = server;
        this.clusterId = clusterId;
        this.formatted = formatted;
        this.startupTime = startupTime;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code host:port} of the client listener, as clients should use it. */
    public String bootstrapServers() {
        return settings.bootstrapServers();
    }

    public int port() {
        return settings.port();
    }

    public Path dataDir() {
        return settings.dataDir();
    }

    public String clusterId() {
        return clusterId;
    }

    /** Whether this start formatted the data directory (its first start), rather than reopening it. */
    public boolean formattedOnStart() {
        return formatted;
    }

    /** From the call to {@link Builder#start} until the broker acknowledged a produce. */
    public Duration startupTime() {
        return startupTime;
    }

    /** The KRaft controller listener's port (127.0.0.1); with SASL/SCRAM it authenticates too. */
    public int controllerPort() {
        return settings.controllerPort();
    }

    public boolean saslScram() {
        return settings.saslScram();
    }

    /** Client properties for this broker: bootstrap.servers and, with SASL/SCRAM, the broker's own user. */
    public Map<String, Object> clientProperties() {
        return settings.saslScram() ? clientProperties(settings.brokerUser()) : clientProperties(null);
    }

    /** Client properties that authenticate as {@code user} (null: none, for a broker without SASL). */
    public Map<String, Object> clientProperties(ScramUser user) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        if (user != null) {
            properties.putAll(user.clientProperties());
        }
        return properties;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            server.shutdown();
            server.awaitShutdown();
        }
    }

    private static EmbeddedKafkaBroker start(BrokerSettings settings) throws Exception {
        long started = System.nanoTime();
        boolean formatted = BrokerStorage.formatIfNeeded(settings);
        KafkaConfig config = KafkaConfig.fromProps(BrokerProperties.of(settings), false);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
            Map<String, Object> client = new HashMap<>();
            client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
            if (settings.saslScram()) {
                client.putAll(settings.brokerUser().clientProperties());
            }
            String clusterId = BrokerReadiness.await(client, settings.startTimeout());
            if (settings.saslScram() && !formatted && !settings.scramUsers().isEmpty()) {
                upsertScramUsers(client, settings.scramUsers());
            }
            if (settings.saslScram()) {
                grant(client, settings.roles());
            }
            return new EmbeddedKafkaBroker(settings, server, clusterId, formatted,
                    Duration.ofNanos(System.nanoTime() - started));
        } catch (Exception | Error e) {
            Utils.closeQuietly(() -> {
                server.shutdown();
                server.awaitShutdown();
            }, "embedded Kafka broker after a failed start");
            throw e;
        }
    }

    // Users given at format time are in the bootstrap metadata; on a restart, the metadata log
    // already exists, so new users and changed passwords go through the Admin API instead.
    private static void upsertScramUsers(Map<String, Object> client, List<ScramUser> users) throws Exception {
        List<UserScramCredentialAlteration> upserts = new ArrayList<>();
        for (ScramUser user : users) {
            upserts.add(new UserScramCredentialUpsertion(user.username(),
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, ScramUser.ITERATIONS), user.password()));
        }
        try (Admin admin = Admin.create(client)) {
            admin.alterUserScramCredentials(upserts).all().get();
        }
    }

    private static void grant(Map<String, Object> client, Map<String, ServiceAcls.Role> roles) throws Exception {
        List<AclBinding> acls = new ArrayList<>();
        roles.forEach((user, role) -> acls.addAll(ServiceAcls.of(user, role)));
        if (!acls.isEmpty()) {
            try (Admin admin = Admin.create(client)) {
                admin.createAcls(acls).all().get(); // creating an existing ACL again changes nothing
            }
        }
    }

    /** Settings of one broker; {@link #start} starts it. Defaults: 127.0.0.1:9092, no SASL. */
    public static final class Builder {
        private Path dataDir;
        private String host = DEFAULT_HOST;
        private String advertisedHost;
        private int port = DEFAULT_PORT;
        private ScramUser brokerUser;
        private final List<ScramUser> scramUsers = new ArrayList<>();
        private final Map<String, ServiceAcls.Role> roles = new LinkedHashMap<>();
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private Duration startTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        /** Where the broker keeps its logs and metadata; required. An existing one is reopened. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
            return this;
        }

        /** The address the client listener binds; default 127.0.0.1. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The address clients are told to use; default the bound host, or this machine's name for a wildcard. */
        public Builder advertisedHost(String advertisedHost) {
            this.advertisedHost = advertisedHost;
            return this;
        }

        /** The client listener's port; 0 picks a free one. Default 9092. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Makes the client listener SASL_PLAINTEXT with SCRAM-SHA-256: every client must log in.
         * {@code brokerUser} is the broker's own login (inter-broker traffic, the readiness check) and
         * what {@link #clientProperties()} returns; it is fixed when the data directory is formatted.
         */
        public Builder saslScram(ScramUser brokerUser) {
            this.brokerUser = Objects.requireNonNull(brokerUser, "brokerUser");
            return this;
        }

        /** A further SCRAM user; created at format time, or through the Admin API when reopening. */
        public Builder scramUser(ScramUser user) {
            scramUsers.add(Objects.requireNonNull(user, "user"));
            return this;
        }

        /** A further SCRAM user with what it may do ({@link ServiceAcls}); a user without a role may only log in. */
        public Builder scramUser(ScramUser user, ServiceAcls.Role role) {
            scramUser(user);
            roles.put(user.username(), Objects.requireNonNull(role, "role"));
            return this;
        }

        /** Any broker property (server.properties name), over the embedded broker's defaults. */
        public Builder property(String name, String value) {
            overrides.put(name, value);
            return this;
        }

        /** How long {@link #start} waits for the broker to accept a produce; default 60 s. */
        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = Objects.requireNonNull(startTimeout, "startTimeout");
            return this;
        }

        /** Formats the data directory if new, starts the broker, and waits until it accepts a produce. */
        public EmbeddedKafkaBroker start() throws Exception {
            if (dataDir == null) {
                throw new IllegalStateException("the embedded broker needs a data directory");
            }
            if (!scramUsers.isEmpty() && brokerUser == null) {
                throw new IllegalStateException("SCRAM users need saslScram(brokerUser) first");
            }
            int resolvedPort = port != 0 ? port : FreePort.on(host);
            BrokerSettings settings = new BrokerSettings(dataDir, host, advertised(), resolvedPort,
                    FreePort.on(BrokerSettings.CONTROLLER_HOST), brokerUser, scramUsers, roles, overrides, startTimeout);
            return EmbeddedKafkaBroker.start(settings);
        }

        private String advertised() throws UnknownHostException {
            if (advertisedHost != null) {
                return advertisedHost;
            }
            InetAddress bound = InetAddress.getByName(host);
            return bound.isAnyLocalAddress() ? InetAddress.getLocalHost().getCanonicalHostName() : host;
        }
    }
}
