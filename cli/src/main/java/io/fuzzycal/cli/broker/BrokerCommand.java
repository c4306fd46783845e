package io.fuzzycal.cli.broker;

import io.fuzzycal.cli.InvalidInputException;
import io.fuzzycal.cli.FuzzycalVersion;
import io.fuzzycal.devkafka.DevSchemaRegistryServer;
import io.fuzzycal.devkafka.EmbeddedKafkaBroker;
import io.fuzzycal.devkafka.ScramUser;
import io.fuzzycal.devkafka.ServiceAcls;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import io.fuzzycal.model.FuzzycalHome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fuzzycal broker}: a single-node Kafka broker and a development Schema Registry for this
 * machine, until SIGTERM or SIGINT.
 */
@Command(name = "broker",
        mixinStandardHelpOptions = true,
        versionProvider = FuzzycalVersion.class,
        description = {"Runs a real single-node Apache Kafka broker (KRaft, broker and controller in one node) and a"
                + " development Schema Registry that keeps its schemas in the broker's _schemas topic.",
            "The first start formats the data directory; later starts reopen it with its topics and schemas."
                    + " Prints bootstrap.servers and schema.registry.url once the broker accepts producers; stops"
                    + " cleanly on SIGTERM or Ctrl-C (exit 0)."})
public final class BrokerCommand implements Callable<Integer> {
    private static final long CLOSE_TIMEOUT_SECONDS = 60;

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "<dir>",
            description = "Where the broker keeps its data. Default: $FUZZYCAL_HOME/broker, else ~/.cache/fuzzycal/broker.")
    Path dataDir;

    @Option(names = "--host", defaultValue = EmbeddedKafkaBroker.DEFAULT_HOST, paramLabel = "<address>",
            description = "Address the broker and the registry listen on. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--advertised-host", paramLabel = "<name>",
            description = "Host name clients are told to use. Default: --host, or this machine's name when --host is"
                    + " a wildcard address such as 0.0.0.0.")
    String advertisedHost;

    @Option(names = "--port", defaultValue = "" + EmbeddedKafkaBroker.DEFAULT_PORT, paramLabel = "<port>",
            description = "Kafka listener port; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--registry-port", defaultValue = "" + DevSchemaRegistryServer.DEFAULT_PORT, paramLabel = "<port>",
            description = "Schema Registry port; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int registryPort;

    @Option(names = "--scram-users", paramLabel = "<file>",
            description = "Turns on SASL/SCRAM-SHA-256, an authenticated controller listener, ACLs and registry write"
                    + " authentication, for the users of this file: one 'name:role:password' per line, roles broker"
                    + " (exactly one: the broker's own login), admin, inference, calibration, monitor, client."
                    + " Default: $FUZZYCAL_SCRAM_USERS, else none (no authentication). See docs/security.md.")
    Path scramUsers;

    @Override
    public Integer call() throws Exception {
        Path dir = dataDir != null ? dataDir : defaultDataDir(System.getenv(), System.getProperty("user.home"));
        requireFree(port, "--port");
        requireFree(registryPort, "--registry-port");
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        Path usersFile = scramUsers != null ? scramUsers
                : System.getenv("FUZZYCAL_SCRAM_USERS") != null ? Path.of(System.getenv("FUZZYCAL_SCRAM_USERS")) : null;
        ScramUsersFile users = usersFile == null ? null : ScramUsersFile.read(usersFile);
        EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder().dataDir(dir).host(host)
                .advertisedHost(advertisedHost).port(port);
        if (users != null) {
            String warning = ScramUsersFile.permissionWarning(usersFile);
            if (warning != null) {
                err.println("fuzzycal broker: " + warning);
            }
            builder = builder.saslScram(users.broker());
            for (Map.Entry<ScramUser, ServiceAcls.Role> u : users.users().entrySet()) {
                builder = builder.scramUser(u.getKey(), u.getValue());
            }
        }
        EmbeddedKafkaBroker broker = builder.start();
        DevSchemaRegistryServer registry;
        try {
            registry = DevSchemaRegistryServer.start(broker.clientProperties(), host, registryPort,
                    users == null ? Map.of() : users.passwords());
        } catch (Exception | Error e) {
            broker.close();
            throw e;
        }
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        AtomicBoolean stoppedCleanly = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                boolean done = closed.await(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                out.flush();
                err.flush();
                // Closed cleanly: end with 0, not the JVM's 128+signal, so supervisors see a clean stop.
                Runtime.getRuntime().halt(done && stoppedCleanly.get() ? 0 : 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fuzzycal-broker-shutdown"));

        err.printf("fuzzycal broker: Apache Kafka %s (KRaft, broker+controller) %s %s in %.1f s%n",
                EmbeddedKafkaBroker.KAFKA_VERSION, broker.formattedOnStart() ? "formatted" : "reopened",
                broker.dataDir(), broker.startupTime().toMillis() / 1000.0);
        if (users != null) {
            err.println("fuzzycal broker: SASL/SCRAM-SHA-256 with ACLs for " + (users.users().size() + 1)
                    + " users; the registry takes writes from them only");
        }
        out.println("bootstrap.servers=" + broker.bootstrapServers());
        out.println("schema.registry.url=" + registry.url());
        out.flush();
        err.println("fuzzycal broker: ready; stop with Ctrl-C or SIGTERM");
        err.flush();

        stop.await();
        err.println("fuzzycal broker: stopping");
        err.flush();
        try {
            try {
                registry.close();
            } finally {
                broker.close();
            }
            stoppedCleanly.set(true);
            err.println("fuzzycal broker: stopped");
        } catch (RuntimeException | Error e) {
            // Printed here: the shutdown hook ends the JVM as soon as `closed` opens.
            err.println("fuzzycal broker: error while stopping: " + e);
            throw e;
        } finally {
            err.flush();
            closed.countDown();
        }
        return 0;
    }

    /** {@code $FUZZYCAL_HOME/broker}, else {@code ~/.cache/fuzzycal/broker}. */
    static Path defaultDataDir(Map<String, String> env, String userHome) {
        return FuzzycalHome.resolve(env, userHome, "broker");
    }

    private void requireFree(int candidate, String option) throws IOException {
        if (candidate < 0 || candidate > 65535) {
            throw new InvalidInputException(option + " " + candidate + " is not a port (0-65535)");
        }
        if (candidate == 0) {
            return;
        }
        try {
            new ServerSocket(candidate, 1, InetAddress.getByName(host)).close();
        } catch (BindException e) {
            throw new InvalidInputException("port " + candidate + " on " + host + " is in use (is a broker running"
                    + " already?); choose another with " + option);
        }
    }
}
