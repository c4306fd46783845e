package io.fuzzycal.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The three services of {@code bench pipeline}, each {@code fuzzycal <service>} in a JVM of its own
 * as it is deployed: default settings but for the cluster, the registry, the partitions, the model
 * and its threads; the heap its Kubernetes manifest gives it (75% of the container's memory limit in
 * deploy/k8s/base), then {@code --service-java-opts}.
 */
final class PipelineServices implements AutoCloseable {
    /** A service process and what it was started with. */
    record Service(String name, List<String> javaOptions, ServiceProcess process) {
    }

    private final List<Service> services = new ArrayList<>();
    private final List<String> announced = new ArrayList<>();

    /**
     * Starts inference, calibrate-stream and monitor against {@code bootstrapServers} and
     * {@code registryUrl}, their logs and state in {@code dir}; returns once each serves its metrics.
     */
    static PipelineServices start(String bootstrapServers, String registryUrl, int partitions, Path bundle, int threads,
                                  List<String> extraJavaOptions, Path dir, Consumer<String> progress) throws Exception {
        PipelineServices started = new PipelineServices();
        try {
            List<String> common = List.of("--bootstrap-servers", bootstrapServers, "--schema-registry", registryUrl,
                    "--partitions", Integer.toString(partitions), "--metrics-host", "127.0.0.1");
            // calibrate-stream starts once inference and monitor have created their topics: the bench found
            // the topic-creation race (calibrate-stream exiting with 2 beside monitor) that
            // TopicProvisioner now survives (TopicProvisionerIntegrationTest); starting in data-flow order
            // keeps the measured start-up the same from run to run.
            started.add("inference", "-Xmx1536m", extraJavaOptions, dir, common, "--bundle", bundle.toString(),
                    "--threads", Integer.toString(threads), "--instance-id", "bench");
            started.add("monitor", "-Xmx768m", extraJavaOptions, dir, common,
                    "--state-dir", dir.resolve("monitor-state").toString(), "--instance-id", "bench");
            started.awaitStarted(progress);
            started.add("calibrate-stream", "-Xmx768m", extraJavaOptions, dir, common,
                    "--state-dir", dir.resolve("calibrate-stream-state").toString(), "--instance-id", "bench");
            started.awaitStarted(progress);
            return started;
        } catch (Exception | Error e) {
            started.close();
            throw e;
        }
    }

    private void add(String command, String heap, List<String> extraJavaOptions, Path dir, List<String> common,
                     String... own) throws IOException {
        List<String> java = new ArrayList<>(List.of(heap, "-XX:+ExitOnOutOfMemoryError"));
        java.addAll(extraJavaOptions); // after the defaults: a later -Xmx wins
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(common);
        args.addAll(List.of(own));
        services.add(new Service(command, List.copyOf(java),
                ServiceProcess.start(java, args, dir.resolve(command + ".log"))));
    }

    private void awaitStarted(Consumer<String> progress) throws IOException, InterruptedException {
        for (Service s : services) {
            if (!announced.contains(s.name())) {
                s.process().awaitStarted();
                progress.accept("bench pipeline: " + s.name() + " started (pid " + s.process().pid() + ")");
                announced.add(s.name());
            }
        }
    }

    /** The services in the order data flows through them. */
    List<Service> all() {
        List<String> flow = List.of("inference", "calibrate-stream", "monitor");
        return services.stream().sorted(java.util.Comparator.comparingInt(s -> flow.indexOf(s.name()))).toList();
    }

    ServiceProcess get(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().process();
    }

    /** Every service's CPU seconds so far, in {@link #all()}'s order. */
    double[] cpuSeconds() throws IOException {
        List<Service> all = all();
        double[] cpu = new double[all.size()];
        for (int i = 0; i < cpu.length; i++) {
            cpu[i] = all.get(i).process().cpuSeconds();
        }
        return cpu;
    }

    /** SIGTERM to each in turn, inference first (the order data flows); their exit codes. */
    List<Integer> stop() throws IOException, InterruptedException {
        List<Integer> codes = new ArrayList<>();
        for (Service s : all()) {
            codes.add(s.process().stop());
        }
        return codes;
    }

    @Override
    public void close() {
        services.forEach(s -> s.process().close());
    }
}
