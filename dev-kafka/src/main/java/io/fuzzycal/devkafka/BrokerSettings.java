package io.fuzzycal.devkafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one start of the embedded broker uses, ports resolved.
 *
 * @param dataDir        holds the broker's log directory ({@code kafka-logs}) across restarts
 * @param host           address the client listener binds
 * @param advertisedHost address clients are told to connect to
 * @param port           client listener port
 * @param controllerPort KRaft controller listener port, always on 127.0.0.1
 * @param brokerUser     with SASL/SCRAM: the broker's own user (inter-broker login, readiness checks); else null
 * @param scramUsers     further SCRAM users to create
 * @param roles          with SASL/SCRAM: what each user may do (ADMIN users are super users); users without a role may do nothing
 * @param overrides      broker properties that replace the defaults
 * @param startTimeout   how long to wait until the broker accepts a producer
 */
record BrokerSettings(Path dataDir, String host, String advertisedHost, int port, int controllerPort,
                      ScramUser brokerUser, List<ScramUser> scramUsers, Map<String, ServiceAcls.Role> roles,
                      Map<String, String> overrides, Duration startTimeout) {
    static final String CLIENT_LISTENER = "CLIENT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final String CONTROLLER_HOST = "127.0.0.1";

    BrokerSettings {
        dataDir = dataDir.toAbsolutePath().normalize();
        scramUsers = List.copyOf(scramUsers);
        roles = Map.copyOf(roles);
        overrides = Map.copyOf(overrides);
    }

    boolean saslScram() {
        return brokerUser != null;
    }

    Path logDir() {
        return dataDir.resolve("kafka-logs");
    }

    String bootstrapServers() {
        return hostPort(advertisedHost, port);
    }

    static String hostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
