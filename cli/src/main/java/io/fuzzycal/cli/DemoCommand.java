package io.fuzzycal.cli;

import io.fuzzycal.devkafka.EmbeddedKafkaBroker;
import io.fuzzycal.devkafka.DevSchemaRegistryServer;
import io.fuzzycal.feeds.FeedReplayer;
import io.fuzzycal.feeds.LabelledText;
import io.fuzzycal.feeds.ReplaySettings;
import io.fuzzycal.feeds.TextCsv;
import io.fuzzycal.model.BundledData;
import io.fuzzycal.model.FuzzycalHome;
import io.fuzzycal.model.ProgressListener;
import io.fuzzycal.monitor.dashboard.DashboardHistory;
import io.fuzzycal.schemas.Topics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fuzzycal demo}: the whole streaming system on this machine, fed by a replayed news feed. */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        versionProvider = FuzzycalVersion.class,
        description = {"Runs the whole system on this machine, no Docker: a real Kafka broker (KRaft) and a development"
                + " Schema Registry, the inference service (FP32 and INT4), the calibration stream and the monitor, and"
                + " a feed that replays the shipped financial tweets as live news, with their labels arriving"
                + " --label-delay later. Prints a live table of calibration per variant, serves the dashboard and"
                + " /metrics, and shows how to produce your own texts into it.",
            "--scenario regime-shift moves the feed after --shift-after: the class mix turns Bearish/Bullish-heavy"
                    + " and the texts turn into terse wire flashes; raw ECE rises and the refit loop brings"
                    + " calibrated ECE back down.",
            "Stops after --duration, or on Ctrl-C, and prints a summary: counts of every topic (read_committed)"
                    + " and whether they balance."})
final class DemoCommand implements java.util.concurrent.Callable<Integer> {
    static final int DEFAULT_PORT = 8080;
    static final String LOCALHOST = "127.0.0.1";
    /** The dashboard samples the meters this often: the demo's windows close every few seconds. */
    static final Duration DASHBOARD_INTERVAL = Duration.ofSeconds(2);

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--rate", defaultValue = "8", paramLabel = "<rate>", converter = io.fuzzycal.cli.feed.RateConverter.class,
            description = "Texts the feed sends: 8, 8/s, 300/m. Default: ${DEFAULT-VALUE}/s.")
    double rate;

    @Option(names = "--label-delay", defaultValue = "15s", paramLabel = "<duration>", converter = DurationConverter.class,
            description = "How long after its text each label arrives. Default: ${DEFAULT-VALUE}.")
    Duration labelDelay;

    @Option(names = "--duration", paramLabel = "<duration>", converter = DurationConverter.class,
            description = "Stop after this long (e.g. 90s, 10m). Default: run until Ctrl-C.")
    Duration duration;

    @Option(names = "--scenario", defaultValue = "steady", paramLabel = "<steady|regime-shift>",
            description = "steady: the tweets as they are; regime-shift: the feed's class mix and domain move after"
                    + " --shift-after. Default: ${DEFAULT-VALUE}.")
    String scenario;

    @Option(names = "--shift-after", paramLabel = "<duration>", converter = DurationConverter.class,
            description = "When the regime shifts (at --rate). Default: a third of --duration, else 2m.")
    Duration shiftAfter;

    @Option(names = "--port", paramLabel = "<port>",
            description = "Port of the dashboard and /metrics (0: any free port). Default: " + DEFAULT_PORT
                    + ", or a free one when that is taken.")
    Integer port;

    @Option(names = "--kafka-port", paramLabel = "<port>",
            description = "Port of the broker. Default: " + EmbeddedKafkaBroker.DEFAULT_PORT + ", or a free one when that is taken.")
    Integer kafkaPort;

    @Option(names = "--registry-port", paramLabel = "<port>",
            description = "Port of the Schema Registry. Default: " + DevSchemaRegistryServer.DEFAULT_PORT
                    + ", or a free one when that is taken.")
    Integer registryPort;

    @Option(names = "--data-dir", paramLabel = "<dir>",
            description = "Where this demo keeps its state (broker, streams, settings). Default: $FUZZYCAL_HOME/demo,"
                    + " else ~/.cache/fuzzycal/demo. Emptied at start unless --resume.")
    Path dataDir;

    @Option(names = "--resume", description = "Keep the data directory's topics, calibrators and windows from the last run.")
    boolean resume;

    @Option(names = "--table-every", defaultValue = "5s", paramLabel = "<duration>", converter = DurationConverter.class,
            description = "How often the live table is printed. Default: ${DEFAULT-VALUE}.")
    Duration tableEvery;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "<n>", description = "Order of the replayed texts. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--refit-every-labels", defaultValue = "" + DemoSettings.DEFAULT_REFIT_EVERY_LABELS, paramLabel = "<n>",
            description = "Labels between refits of the calibration stream. Default: ${DEFAULT-VALUE}.")
    int refitEveryLabels;

    @Option(names = "--count-window", defaultValue = "" + DemoSettings.DEFAULT_COUNT_WINDOW, paramLabel = "<n>",
            description = "Labels per variant in the monitor's window of the last labels, the table's window. Default: ${DEFAULT-VALUE}.")
    int countWindow;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DemoScenario.Kind kind = DemoScenario.Kind.parse(scenario);
        if (rate <= 0 || Double.isNaN(rate)) {
            throw new InvalidInputException("--rate must be above 0 texts/s, got " + rate);
        }
        if (duration != null && (duration.isZero() || duration.isNegative())) {
            throw new InvalidInputException("--duration must be positive");
        }
        Duration shift = shiftAfter != null ? shiftAfter : duration != null ? duration.dividedBy(3) : Duration.ofMinutes(2);
        Path dir = prepareDataDir(dataDir != null ? dataDir : FuzzycalHome.resolve("demo"), resume);
        Path logFile = dir.resolve(LOG_FILE);
        // the broker's and the clients' logs go to a file: the terminal is for the table (takes effect
        // when no logger exists yet, as in a fresh `fuzzycal demo`)
        System.setProperty("org.slf4j.simpleLogger.logFile", logFile.toString());
        int dashboardPort = port(port, DEFAULT_PORT, "--port");
        DemoPipeline.Ports ports = new DemoPipeline.Ports(LOCALHOST, port(kafkaPort, EmbeddedKafkaBroker.DEFAULT_PORT, "--kafka-port"),
                port(registryPort, DevSchemaRegistryServer.DEFAULT_PORT, "--registry-port"));
        DemoSettings settings = new DemoSettings(dir, model.bundle, model.device, model.threads, ServiceOptions.DEFAULT_PARTITIONS,
                labelDelay, refitEveryLabels, DemoSettings.DEFAULT_REFIT_WINDOW, countWindow, DemoSettings.DEFAULT_TIME_WINDOW);

        Path split = BundledData.validationSplitCopy();
        List<LabelledText> rows = TextCsv.read(split);
        Files.deleteIfExists(split);
        String runId = "demo" + Long.toString(System.currentTimeMillis(), 36);
        DemoScenario texts = new DemoScenario(rows, kind, Math.round(rate * shift.toMillis() / 1000.0), runId, seed);

        ProgressListener progress = ProgressListener.printing(line -> {
            err.println("demo: " + line);
            err.flush();
        }, 2000);
        PrometheusMeterRegistry meters = MetricsEndpoint.serviceRegistry();
        CountDownLatch stop = new CountDownLatch(1);
        SignalShutdown shutdown = SignalShutdown.install(stop::countDown, "fuzzycal-demo-shutdown");
        long started = System.nanoTime();
        try (DemoPipeline pipeline = DemoPipeline.start(settings, ports, progress, meters);
             DashboardHistory history = DashboardHistory.start(meters, DASHBOARD_INTERVAL, DashboardHistory.DEFAULT_SPAN);
             MetricsEndpoint endpoint = new MetricsEndpoint(meters, LOCALHOST, dashboardPort)) {
            endpoint.serveDashboard(history);
            Path configs = settings.write(pipeline.bootstrapServers(), pipeline.registryUrl());
            printBanner(out, pipeline, endpoint.port(), configs, kind, shift);
            FeedReplayer feed = FeedReplayer.start(new ReplaySettings(pipeline.clientProperties(), pipeline.schemaRegistry(),
                    Topics.NEWS_TEXT, Topics.FEEDBACK, rate, labelDelay, "replay:tweets"), texts);
            DemoTable table = new DemoTable(meters);
            long feedStarted = System.nanoTime();
            Duration fedFor;
            try {
                String failure = null;
                while (failure == null) {
                    Duration elapsed = Duration.ofNanos(System.nanoTime() - feedStarted);
                    Duration wait = tableEvery;
                    if (duration != null) {
                        Duration left = duration.minus(elapsed);
                        if (left.isNegative() || left.isZero()) {
                            break;
                        }
                        wait = left.compareTo(wait) < 0 ? left : wait;
                    }
                    if (stop.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                        out.println("demo: stopping (Ctrl-C)");
                        break;
                    }
                    failure = pipeline.failure();
                    if (failure == null && feed.failure().isPresent()) {
                        failure = "the feed failed: " + feed.failure().get().getMessage();
                    }
                    printTable(out, table, feed, texts, Duration.ofNanos(System.nanoTime() - feedStarted));
                    warnWhenBehind(out, table, feed);
                }
                if (failure != null) {
                    out.println("demo: " + failure + "; stopping");
                }
                fedFor = Duration.ofNanos(System.nanoTime() - feedStarted);
                texts.finish(); // the feed sends its last labels, then ends
                if (stop.getCount() == 0) {
                    // Ctrl-C: the labels still inside their delay are dropped; the summary comes at once
                    out.println("demo: feed stopped after " + texts.emitted() + " texts; waiting for the pipeline to"
                            + " catch up");
                } else {
                    out.println("demo: feed stopped after " + texts.emitted() + " texts; sending the last labels and"
                            + " waiting for the pipeline to catch up");
                    out.flush();
                    feed.awaitDone(labelDelay.plusSeconds(30));
                }
                out.flush();
            } finally {
                feed.close();
            }
            drain(table, feed.textsSent(), stop.getCount() == 0 ? Duration.ofSeconds(20) : Duration.ofSeconds(90));
            printSummary(out, table, DemoCounts.read(pipeline.clientProperties(), pipeline.schemaRegistry()),
                    Duration.ofNanos(System.nanoTime() - started), fedFor);
            shutdown.mainLoopReturned();
        } catch (Exception | Error e) {
            // during Ctrl-C the shutdown hook ends the JVM as soon as this returns: say why first
            err.println("demo: stopped on an error: " + e);
            err.flush();
            throw e;
        } finally {
            out.flush();
            shutdown.closed();
        }
        return 0;
    }

    /** Waits until every text is scored and calibrated in both variants, and one more monitor window has closed. */
    private static void drain(DemoTable table, long texts, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && !DemoTable.VARIANTS.stream()
                .allMatch(v -> table.scored(v) >= texts && table.calibrated(v) >= texts)) {
            Thread.sleep(250);
        }
        // the monitor's count window closes on the labels that arrived last
        Thread.sleep(Math.min(5000, Math.max(0, (deadline - System.nanoTime()) / 1_000_000)));
    }

    private void printBanner(PrintWriter out, DemoPipeline pipeline, int dashboardPort, Path configs,
                             DemoScenario.Kind kind, Duration shift) {
        String bootstrap = pipeline.bootstrapServers();
        out.printf(Locale.ROOT, "%nfuzzycal demo: model %s (FP32 and INT4) on Kafka %s, Schema Registry %s%n",
                pipeline.bundle().modelId(), bootstrap, pipeline.registryUrl());
        out.printf(Locale.ROOT, "  dashboard   http://%s:%d/%n", LOCALHOST, dashboardPort);
        out.printf(Locale.ROOT, "  metrics     http://%s:%d/metrics%n", LOCALHOST, dashboardPort);
        out.printf(Locale.ROOT, "  feed        %.1f texts/s from the tweets' validation split, labels %s later; scenario %s%s%n",
                rate, DurationConverter.format(labelDelay), kind.optionName(),
                kind == DemoScenario.Kind.REGIME_SHIFT ? " (shift after " + DurationConverter.format(shift) + ")" : "");
        out.printf(Locale.ROOT, "  services    settings in %s (run one alone: fuzzycal inference --config %s)%n", configs,
                configs.resolve("inference.properties"));
        out.printf(Locale.ROOT, "  logs        %s%n", pipeline.settings().dataDir().resolve(LOG_FILE));
        out.println("  your own texts (plain text, JSON {\"id\",\"text\"} or NewsText Avro) into news.text:");
        out.printf(Locale.ROOT, "    echo 'ACME shares jump after record quarter' | kcat -P -b %s -t %s -k my-doc-1%n", bootstrap, Topics.NEWS_TEXT);
        out.printf(Locale.ROOT, "    kcat -P -b %s -t %s -l headlines.txt              # one text per line%n", bootstrap, Topics.NEWS_TEXT);
        out.printf(Locale.ROOT, "    echo '{\"id\":\"my-doc-1\",\"label\":1}' | kcat -P -b %s -t %s -k my-doc-1   # its label%n", bootstrap, Topics.FEEDBACK);
        out.printf(Locale.ROOT, "    echo 'ACME cuts guidance' | /usr/bin/python3 examples/produce.py --bootstrap-servers %s%n", bootstrap);
        out.printf(Locale.ROOT, "    fuzzycal produce --bootstrap-servers %s --schema-registry %s < headlines.txt%n", bootstrap, pipeline.registryUrl());
        out.printf(Locale.ROOT, "    fuzzycal consume --bootstrap-servers %s --schema-registry %s --topic %s   # read the results%n",
                bootstrap, pipeline.registryUrl(), Topics.CALIBRATED);
        out.println("  stop with Ctrl-C");
        out.println();
        out.flush();
    }

    private void printTable(PrintWriter out, DemoTable table, FeedReplayer feed, DemoScenario texts, Duration elapsed) {
        out.printf(Locale.ROOT, "[%s%s] texts %d sent, %d scored, %d calibrated | labels %d sent, %d pending (%s behind) |"
                        + " refits %d tried, %d promoted%s%n",
                clock(elapsed), duration == null ? "" : " / " + clock(duration), feed.textsSent(),
                Math.round(Math.min(table.scored("FP32"), table.scored("INT4"))),
                Math.round(Math.min(table.calibrated("FP32"), table.calibrated("INT4"))), feed.labelsSent(),
                feed.labelsPending(), DurationConverter.format(labelDelay), Math.round(table.refits("tried")),
                Math.round(table.refits("promoted")), texts.shifted() ? " | regime shifted" : "");
        out.print(DemoTable.format(table.rows()));
        out.flush();
    }

    private static void printSummary(PrintWriter out, DemoTable table, DemoCounts counts, Duration ran, Duration fed) {
        List<DemoTable.Row> rows = table.rows().stream().map(r -> new DemoTable.Row(r.variant(), r.rawEce(),
                r.calibratedEce(), r.accuracy(), r.estimatedAccuracy(), r.labelled(), r.calibratorVersion(),
                table.scored(r.variant()) / Math.max(1, fed.toSeconds()))).toList(); // texts/s: the mean while the feed ran
        out.println();
        out.printf(Locale.ROOT, "fuzzycal demo summary (%s):%n", clock(ran));
        out.print(DemoTable.format(rows));
        out.printf(Locale.ROOT, "texts in %d; predictions %s; calibrated %s; labels %d; dead letters %s%n", counts.texts(),
                counts.predictions(), counts.calibrated(), counts.labels(), counts.deadLetterSummary());
        out.printf(Locale.ROOT, "counts balance: %s (every text once per variant in predictions and in calibrated, read_committed)%n",
                counts.balanced(DemoTable.VARIANTS) ? "yes" : "NO");
        out.printf(Locale.ROOT, "refits: %d tried, %d promoted%n", Math.round(table.refits("tried")), Math.round(table.refits("promoted")));
        for (DemoTable.Row r : rows) {
            // below by at least the table's last digit: an identity calibrator's rounding is no gain
            Optional<Boolean> better = r.rawEce().flatMap(raw -> r.calibratedEce().map(cal -> raw - cal >= 0.0005));
            out.printf(Locale.ROOT, "%s: calibrated ECE below raw over the last %d labels: %s%n", r.variant(), r.labelled(),
                    better.map(b -> b ? "yes" : "no").orElse("no window yet"));
        }
        out.flush();
    }

    /**
     * The services join a label to the predictions already seen: when inference falls further behind
     * than the label delay, labels come first and go to the dead-letter topic as UNMATCHED.
     */
    private void warnWhenBehind(PrintWriter out, DemoTable table, FeedReplayer feed) {
        double behind = feed.textsSent() - Math.min(table.scored("FP32"), table.scored("INT4"));
        double labelDelayTexts = rate * labelDelay.toMillis() / 1000.0;
        if (behind > labelDelayTexts) {
            out.printf(Locale.ROOT, "demo: inference is %.0f texts (%.0f s) behind the feed, more than the label delay:"
                    + " labels now come before their predictions and go to %s as UNMATCHED; lower --rate or raise"
                    + " --label-delay%n", behind, behind / rate, Topics.deadLetter(Topics.FEEDBACK));
        }
    }

    private static String clock(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }

    /** A port to listen on: the one given (which must be free), else the default when free, else any free one (0). */
    static int port(Integer given, int preferred, String option) throws IOException {
        if (given != null) {
            if (given < 0 || given > 65535) {
                throw new InvalidInputException(option + " " + given + " is not a port (0-65535)");
            }
            if (given != 0 && !free(given)) {
                throw new InvalidInputException("port " + given + " is in use; choose another with " + option);
            }
            return given;
        }
        return free(preferred) ? preferred : 0;
    }

    private static boolean free(int port) throws IOException {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName(LOCALHOST))) {
            return true;
        } catch (BindException e) {
            return false;
        }
    }

    /**
     * The data directory, emptied unless resuming. Only a directory the demo made (it holds
     * {@link #MARKER}) or an empty one is emptied, so a mistyped --data-dir never deletes a user's files.
     */
    static Path prepareDataDir(Path dir, boolean resume) throws IOException {
        Path marker = dir.resolve(MARKER);
        if (Files.isDirectory(dir) && !resume) {
            boolean empty;
            try (Stream<Path> entries = Files.list(dir)) {
                empty = entries.findAny().isEmpty();
            }
            if (!empty && !Files.exists(marker)) {
                throw new InvalidInputException("--data-dir " + dir + " holds files the demo did not write; give an empty"
                        + " or new directory");
            }
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    if (!p.equals(dir)) {
                        Files.delete(p);
                    }
                }
            }
        } else if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InvalidInputException("--data-dir " + dir + " is a file");
        }
        Files.createDirectories(dir);
        Files.writeString(marker, "a fuzzycal demo's data; `fuzzycal demo` empties this directory unless --resume\n");
        return dir;
    }

    static final String MARKER = ".fuzzycal-demo";
    static final String LOG_FILE = "demo.log";
}
