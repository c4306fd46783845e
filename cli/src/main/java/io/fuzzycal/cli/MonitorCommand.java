package io.fuzzycal.cli;

import io.fuzzycal.monitor.AlertThresholds;
import io.fuzzycal.monitor.MonitorConfig;
import io.fuzzycal.monitor.MonitorService;
import io.fuzzycal.monitor.dashboard.DashboardHistory;
import io.fuzzycal.schemas.StreamsSettings;
import io.fuzzycal.schemas.Topics;
import io.fuzzycal.schemas.feedback.LabelTiming;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.util.HashMap;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fuzzycal monitor}: rolling calibration metrics, drift and alerts on a Kafka cluster. */
@Command(name = "monitor",
        mixinStandardHelpOptions = true,
        versionProvider = FuzzycalVersion.class,
        description = {"Measures how well calibrated each model is, per variant (FP32, INT4) and stage (raw,"
                + " calibrated): joins sentiment.calibrated with the labels of sentiment.feedback (the formats, label"
                + " delay and dead letters of calibrate-stream), and over hopping time windows and a window of the"
                + " last N labels reports ECE (equal-width and equal-mass, with a bootstrap interval), classwise ECE,"
                + " MCE, Brier, NLL, accuracy and the reliability table; the FP32 to INT4 transfer gap and the"
                + " calibration gain; and, before any label, FP32/INT4 disagreement, mean confidence, PSI and"
                + " estimated accuracy. Closed windows go to calibration.metrics, raised and cleared alerts to"
                + " calibration.alerts, everything to /metrics for Prometheus and to a dashboard page at / of the same"
                + " port (charts refreshed live; no Grafana needed).",
            "Settings come from --config (a properties file), then FUZZYCAL_* environment variables, then flags;"
                    + " kafka.* settings go to the Kafka clients. Durations: 500ms, 10s, 10m, 24h, 7d.",
            "Stops cleanly on SIGTERM."})
final class MonitorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServiceOptions service = new ServiceOptions();

    @Mixin
    StreamsOptions streams = new StreamsOptions();

    @Option(names = "--metrics-port", paramLabel = "<port>", description = "Prometheus endpoint port (0: any free port). Default: 9466.")
    Integer metricsPort;

    @Option(names = "--dashboard-interval", paramLabel = "<duration>",
            description = "How often the dashboard at / of the metrics port samples the meters; it keeps the last"
                    + " --dashboard-history of samples. Default: 5s.")
    String dashboardInterval;

    @Option(names = "--dashboard-history", paramLabel = "<duration>",
            description = "How much history the dashboard's time charts keep, in memory. Default: 2h.")
    String dashboardHistory;

    @Option(names = "--window-size", paramLabel = "<duration>", description = "Hopping time window length. Default: 1h.")
    String windowSize;

    @Option(names = "--window-advance", paramLabel = "<duration>", description = "How far the windows hop; divides the size. Default: 1m.")
    String windowAdvance;

    @Option(names = "--close-delay", paramLabel = "<duration>",
            description = "How long after its end (in record time) a window waits for stragglers. Default: 0s.")
    String closeDelay;

    @Option(names = "--count-window", paramLabel = "<n>", description = "Labelled predictions per model variant in the count window. Default: 2000.")
    Integer countWindow;

    @Option(names = "--ece-threshold", paramLabel = "<x>", description = "Alert when a variant's calibrated ECE goes above. Default: 0.05.")
    Double eceThreshold;

    @Option(names = "--label-delay", paramLabel = "<duration>", description = "Longest a label may come after its prediction. Default: 24h.")
    String labelDelay;

    @Override
    public Integer call() throws Exception {
        Map<String, String> flags = new HashMap<>();
        flags.put("metrics.port", ServiceOptions.str(metricsPort));
        flags.put("dashboard.interval", dashboardInterval);
        flags.put("dashboard.history", dashboardHistory);
        flags.put("window.size", windowSize);
        flags.put("window.advance", windowAdvance);
        flags.put("close.delay", closeDelay);
        flags.put("count.window", ServiceOptions.str(countWindow));
        flags.put("alert.ece", ServiceOptions.str(eceThreshold));
        flags.put("label.delay", labelDelay);
        streams.addTo(flags);
        ServiceSettings s = service.load(flags);

        MonitorConfig config = config(s);
        StreamsSettings settings = StreamsOptions.settings(s, MonitorService.DEFAULT_APPLICATION_ID);

        PrometheusMeterRegistry meters = MetricsEndpoint.serviceRegistry();
        PrintWriter err = spec.commandLine().getErr();
        SignalShutdown shutdown = null;
        MetricsEndpoint.address(s.get("metrics.host", MetricsEndpoint.DEFAULT_HOST), 0); // bad input before the cluster is tried
        Duration dashboardEvery = s.getDuration("dashboard.interval", DashboardHistory.DEFAULT_INTERVAL);
        Duration dashboardSpan = s.getDuration("dashboard.history", DashboardHistory.DEFAULT_SPAN);
        if (dashboardEvery.toMillis() < 1 || dashboardSpan.compareTo(dashboardEvery) < 0) {
            throw new InvalidInputException("--dashboard-interval must be positive and --dashboard-history at least"
                    + " as long, got " + DurationConverter.format(dashboardEvery) + " and "
                    + DurationConverter.format(dashboardSpan));
        }
        try (DashboardHistory dashboard = DashboardHistory.start(meters, dashboardEvery, dashboardSpan);
             MonitorService monitor = MonitorService.start(settings, config, s.schemaRegistry(), meters);
             TopicsReachable topics = new TopicsReachable(settings.bootstrapServers(), settings.kafka(),
                     List.of(config.calibratedTopic(), config.feedbackTopic(), config.metricsTopic(), config.alertsTopic()),
                     Duration.ofSeconds(5));
             MetricsEndpoint endpoint = new MetricsEndpoint(meters, s.get("metrics.host", MetricsEndpoint.DEFAULT_HOST), s.getInt("metrics.port", 9466),
                     ServiceHealth.streams(monitor::state, topics))) {
            endpoint.serveDashboard(dashboard);
            shutdown = SignalShutdown.install(monitor::close, "fuzzycal-monitor-shutdown");
            err.printf("monitor: %s + %s -> %s, %s on %s (windows %s every %s, last %d labels; metrics on :%d/metrics, dashboard on :%d/)%n",
                    config.calibratedTopic(), config.feedbackTopic(), config.metricsTopic(), config.alertsTopic(),
                    settings.bootstrapServers(), DurationConverter.format(config.windowSize()),
                    DurationConverter.format(config.windowAdvance()), config.countWindow(), endpoint.port(),
                    endpoint.port());
            err.flush();
            monitor.awaitStopped();
            shutdown.mainLoopReturned();
        } finally {
            if (shutdown != null) {
                shutdown.closed();
            }
        }
        return 0;
    }

    /** The monitor's configuration from its settings (the keys of --config; the demo passes its own). */
    static MonitorConfig config(ServiceSettings s) {
        MonitorConfig d = MonitorConfig.defaults(1);
        AlertThresholds t = d.thresholds();
        return d
                .withTopics(s.get("calibrated.topic", Topics.CALIBRATED), s.get("feedback.topic", Topics.FEEDBACK),
                        s.get("models.topic", Topics.CALIBRATION_MODELS), s.get("metrics.topic", Topics.CALIBRATION_METRICS),
                        s.get("alerts.topic", Topics.CALIBRATION_ALERTS))
                .withLabelTiming(new LabelTiming(s.getDuration("label.delay", d.labelTiming().labelDelay()),
                        s.getDuration("label.grace", d.labelTiming().labelGrace())))
                .withWindows(s.getDuration("window.size", d.windowSize()),
                        s.getDuration("window.advance", d.windowAdvance()),
                        s.getDuration("close.delay", d.closeDelay()), s.getInt("count.window", d.countWindow()))
                .withThresholds(new AlertThresholds(s.getDouble("alert.ece", t.ece()),
                        s.getDouble("alert.transfer.gap", t.transferGap()),
                        s.getDouble("alert.disagreement", t.disagreement()), s.getDouble("alert.psi", t.psi()),
                        s.getDouble("alert.clear.ratio", t.clearRatio()), s.getInt("alert.min.samples",
                        (int) t.minSamples())));
    }
}
