package io.fuzzycal.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options every service command shares: the cluster, the registry, the settings file, Kafka
 * client properties and the topics it creates. Commands add their own flags to {@link #load}.
 */
public final class ServiceOptions {
    @Option(names = "--bootstrap-servers", paramLabel = "<host:port>", description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(names = "--schema-registry", paramLabel = "<url>",
            description = "Schema Registry URL (Confluent REST API), or mock://scope. Default: mock://fuzzycal.")
    String schemaRegistry;

    @Option(names = "--config", paramLabel = "<file>", description = "Properties file with any of these settings.")
    Path config;

    @Option(names = "--kafka", paramLabel = "<key=value>", description = "A Kafka client property; repeatable.")
    Map<String, String> kafka = new HashMap<>();

    static final int DEFAULT_PARTITIONS = 3;
    static final int DEFAULT_REPLICATION = 1;

    @Option(names = "--partitions", paramLabel = "<n>",
            description = "Partitions of topics the service creates. Default: " + DEFAULT_PARTITIONS + ".")
    Integer partitions;

    @Option(names = "--replication-factor", paramLabel = "<n>",
            description = "Replication of topics it creates. Default: " + DEFAULT_REPLICATION + ".")
    Integer replication;

    @Option(names = "--metrics-host", paramLabel = "<address>",
            description = "Address the Prometheus endpoint listens on; 127.0.0.1 keeps it to this machine. Default: "
                    + MetricsEndpoint.DEFAULT_HOST + " (every interface, for a scraper on another host).")
    String metricsHost;

    /** Settings from the file, the environment, these options and the command's own {@code flags}. */
    public ServiceSettings load(Map<String, String> flags) throws IOException {
        Map<String, String> all = new HashMap<>(flags);
        all.put("bootstrap.servers", bootstrapServers);
        all.put("schema.registry.url", schemaRegistry);
        all.put("partitions", str(partitions));
        all.put("replication.factor", str(replication));
        all.put("metrics.host", metricsHost);
        kafka.forEach((k, v) -> all.put(ServiceSettings.KAFKA_PREFIX + k, v));
        return ServiceSettings.load(config, System.getenv(), all);
    }

    public static String str(Object v) {
        return v == null ? null : v.toString();
    }
}
