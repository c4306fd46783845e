package io.fuzzycal.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The settings the demo gives each service: the keys each command reads from {@code --config}, with
 * windows short enough to see refits and closed windows within a minute or two. {@link #write} saves
 * them as the three properties files that run the same services alone against the demo's broker.
 *
 * @param dataDir everything the demo keeps: broker log, streams state, the services' settings files
 * @param bundle the model bundle, or null for the default model
 * @param labelDelay how long after its text the feed sends a label
 * @param refitEveryLabels labels between refits of the calibration stream
 * @param refitWindow labelled documents in the refit window
 * @param countWindow labels per variant in the monitor's count window
 * @param timeWindow the monitor's hopping time window, advancing every tenth of it
 */
record DemoSettings(Path dataDir, Path bundle, String device, int threads, int partitions, Duration labelDelay,
                    int refitEveryLabels, int refitWindow, int countWindow, Duration timeWindow) {

    static final int DEFAULT_REFIT_EVERY_LABELS = 100;
    static final int DEFAULT_REFIT_WINDOW = 300;
    static final int DEFAULT_COUNT_WINDOW = 300;
    static final Duration DEFAULT_TIME_WINDOW = Duration.ofSeconds(60);

    /** How long the services wait for a label: generous against the feed's delay, so none is refused as late. */
    Duration servicesLabelDelay() {
        Duration tenMinutes = Duration.ofMinutes(10);
        Duration fourTimes = labelDelay.multipliedBy(4);
        return fourTimes.compareTo(tenMinutes) > 0 ? fourTimes : tenMinutes;
    }

    ServiceSettings inference(String bootstrap, String registryUrl) throws IOException {
        return ServiceSettings.load(null, Map.of(), inferenceKeys(bootstrap, registryUrl));
    }

    ServiceSettings calibration(String bootstrap, String registryUrl) throws IOException {
        return ServiceSettings.load(null, Map.of(), calibrationKeys(bootstrap, registryUrl));
    }

    ServiceSettings monitor(String bootstrap, String registryUrl) throws IOException {
        return ServiceSettings.load(null, Map.of(), monitorKeys(bootstrap, registryUrl));
    }

    Map<String, String> inferenceKeys(String bootstrap, String registryUrl) {
        Map<String, String> k = common(bootstrap, registryUrl);
        if (bundle != null) {
            k.put("bundle", bundle.toString());
        }
        k.put("device", device);
        k.put("threads", Integer.toString(threads));
        return k;
    }

    Map<String, String> calibrationKeys(String bootstrap, String registryUrl) {
        Map<String, String> k = common(bootstrap, registryUrl);
        k.put("state.dir", dataDir.resolve("streams").toString());
        k.put("label.delay", DurationConverter.format(servicesLabelDelay()));
        k.put("label.grace", "1m");
        k.put("window.size", Integer.toString(refitWindow));
        k.put("refit.every.labels", Integer.toString(refitEveryLabels));
        k.put("refit.interval", "30s");
        return k;
    }

    Map<String, String> monitorKeys(String bootstrap, String registryUrl) {
        Map<String, String> k = common(bootstrap, registryUrl);
        k.put("state.dir", dataDir.resolve("streams").toString());
        k.put("label.delay", DurationConverter.format(servicesLabelDelay()));
        k.put("window.size", DurationConverter.format(timeWindow));
        k.put("window.advance", DurationConverter.format(timeWindow.dividedBy(10)));
        k.put("count.window", Integer.toString(countWindow));
        return k;
    }

    private Map<String, String> common(String bootstrap, String registryUrl) {
        Map<String, String> k = new LinkedHashMap<>();
        k.put("bootstrap.servers", bootstrap);
        k.put("schema.registry.url", registryUrl);
        k.put("partitions", Integer.toString(partitions));
        return k;
    }

    /** Writes {@code config/<service>.properties} under the data directory; returns that folder. */
    Path write(String bootstrap, String registryUrl) throws IOException {
        Path dir = Files.createDirectories(dataDir.resolve("config"));
        write(dir.resolve("inference.properties"), "fuzzycal inference", inferenceKeys(bootstrap, registryUrl));
        write(dir.resolve("calibrate-stream.properties"), "fuzzycal calibrate-stream", calibrationKeys(bootstrap, registryUrl));
        write(dir.resolve("monitor.properties"), "fuzzycal monitor", monitorKeys(bootstrap, registryUrl));
        return dir;
    }

    private static void write(Path file, String command, Map<String, String> keys) throws IOException {
        try (Writer out = Files.newBufferedWriter(file)) {
            out.write("# the demo's settings of " + command + "; run it alone with: " + command + " --config " + file + "\n");
            for (Map.Entry<String, String> e : new TreeMap<>(keys).entrySet()) {
                out.write(e.getKey() + "=" + e.getValue().replace("\\", "\\\\") + "\n");
            }
        }
    }
}
