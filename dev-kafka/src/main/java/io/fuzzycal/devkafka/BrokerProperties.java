package io.fuzzycal.devkafka;

import static io.fuzzycal.devkafka.BrokerSettings.CLIENT_LISTENER;
import static io.fuzzycal.devkafka.BrokerSettings.CONTROLLER_HOST;
import static io.fuzzycal.devkafka.BrokerSettings.CONTROLLER_LISTENER;
import static io.fuzzycal.devkafka.BrokerSettings.hostPort;

import java.util.Locale;
import java.util.Properties;

/**
 * The server.properties of the embedded broker: one KRaft node that is broker and controller, the
 * controller quorum on its own loopback port, and settings for one node on a small heap.
 */
final class BrokerProperties {
    /** node.id of the only node; also its controller voter id. */
    static final int NODE_ID = 1;

    private BrokerProperties() {
    }

    static Properties of(BrokerSettings settings) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        // A static voter set (kraft.version 0), not a dynamic one: its address is configuration, not
        // stored in the log, so the controller may take a different free port on every start.
        p.put("controller.quorum.voters", NODE_ID + "@" + hostPort(CONTROLLER_HOST, settings.controllerPort()));
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("listeners", CLIENT_LISTENER + "://" + hostPort(settings.host(), settings.port()) + ","
                + CONTROLLER_LISTENER + "://" + hostPort(CONTROLLER_HOST, settings.controllerPort()));
        p.put("advertised.listeners", CLIENT_LISTENER + "://" + settings.bootstrapServers());
        p.put("inter.broker.listener.name", CLIENT_LISTENER);
        String protocol = settings.saslScram() ? "SASL_PLAINTEXT" : "PLAINTEXT";
        p.put("listener.security.protocol.map", CLIENT_LISTENER + ":" + protocol + "," + CONTROLLER_LISTENER + ":" + protocol);
        p.put("log.dirs", settings.logDir().toString());

        // One node: every internal topic has one replica, and few partitions to create and load.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("share.coordinator.state.topic.num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        // Nobody else will join: do not hold the first consumer group back 3 s.
        p.put("group.initial.rebalance.delay.ms", "0");
        // The cleaner allocates this on the heap at start; Kafka's 128 MiB default does not fit a small one.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        // A development machine has few cores; Kafka's defaults are sized for a server.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("background.threads", "4");
        p.put("num.recovery.threads.per.data.dir", "1");

        if (settings.saslScram()) {
            String listener = CLIENT_LISTENER.toLowerCase(Locale.ROOT);
            p.put("sasl.enabled.mechanisms", ScramUser.MECHANISM);
            p.put("listener.name." + listener + ".sasl.enabled.mechanisms", ScramUser.MECHANISM);
            p.put("sasl.mechanism.inter.broker.protocol", ScramUser.MECHANISM);
            p.put("listener.name." + listener + "." + ScramUser.MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
                    settings.brokerUser().jaasConfig());
            // The controller listener authenticates too: unauthenticated, anyone on this host could change
            // cluster-wide configs through it. KRaft allows PLAIN there, with the broker's own login.
            String controller = CONTROLLER_LISTENER.toLowerCase(Locale.ROOT);
            p.put("sasl.mechanism.controller.protocol", "PLAIN");
            p.put("listener.name." + controller + ".sasl.enabled.mechanisms", "PLAIN");
            p.put("listener.name." + controller + ".plain.sasl.jaas.config", settings.brokerUser().plainJaasConfig());
            // Logging in is not enough: without ACLs a user may do nothing (ServiceAcls gives roles).
            p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            p.put("allow.everyone.if.no.acl.found", "false");
            StringBuilder superUsers = new StringBuilder("User:" + settings.brokerUser().username());
            settings.roles().forEach((user, role) -> {
                if (role == ServiceAcls.Role.ADMIN) {
                    superUsers.append(";User:").append(user);
                }
            });
            p.put("super.users", superUsers.toString());
        }
        p.putAll(settings.overrides());
        return p;
    }
}
