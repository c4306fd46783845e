package io.fuzzycal.cli;

import io.fuzzycal.model.FuzzycalHome;
import io.fuzzycal.schemas.StreamsSettings;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options of the Kafka Streams services (calibrate-stream, monitor): where their state lives and who they are. */
final class StreamsOptions {
    static final int DEFAULT_STREAM_THREADS = 1;

    @Option(names = "--application-id", paramLabel = "<id>",
            description = "Kafka Streams application id (consumer group, internal topic prefix).")
    String applicationId;

    @Option(names = "--state-dir", paramLabel = "<dir>",
            description = "Local state (rebuilt from changelogs if lost). Default: $FUZZYCAL_HOME/streams, else ~/.cache/fuzzycal/streams.")
    Path stateDir;

    @Option(names = "--threads", paramLabel = "<n>", description = "Kafka Streams threads. Default: " + DEFAULT_STREAM_THREADS + ".")
    Integer threads;

    @Option(names = "--instance-id", paramLabel = "<id>",
            description = "This instance's stable id: restarted with the same id it takes its partitions back at once."
                    + " Give each running instance its own. Default: this host's name.")
    String instanceId;

    /** Adds these flags to a command's {@code flags}. */
    void addTo(Map<String, String> flags) {
        flags.put("application.id", applicationId);
        flags.put("state.dir", stateDir == null ? null : stateDir.toString());
        flags.put("threads", ServiceOptions.str(threads));
        flags.put("instance.id", instanceId);
    }

    /** The loaded settings as a Streams service takes them. */
    static StreamsSettings settings(ServiceSettings s, String defaultApplicationId) {
        String state = s.get("state.dir", null);
        return new StreamsSettings(s.require("bootstrap.servers", "--bootstrap-servers"), s.kafka(),
                s.get("application.id", defaultApplicationId),
                state != null ? Path.of(state) : FuzzycalHome.resolve("streams"),
                s.getInt("partitions", ServiceOptions.DEFAULT_PARTITIONS),
                (short) s.getInt("replication.factor", ServiceOptions.DEFAULT_REPLICATION),
                s.getInt("threads", DEFAULT_STREAM_THREADS),
                s.get("instance.id", hostName()));
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "0";
        }
    }
}
