package io.fuzzycal.monitor;

import io.fuzzycal.schemas.DeadLetterReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The monitor's meters, named for Prometheus ({@code fuzzycal.calibration.ece} is exported as
 * {@code fuzzycal_calibration_ece}); the README lists each with its meaning. Gauges hold the latest
 * closed window of each series; thread-safe, as every stream thread writes into the same meters.
 */
public final class MonitorMetrics {
    private final MeterRegistry registry;
    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();
    private final Counter tooLate;
    private final Map<MonitorEvent.Kind, Counter> events = new ConcurrentHashMap<>();

    public MonitorMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.tooLate = Counter.builder("fuzzycal.monitor.events.late")
                .description("events that came after every window holding them had closed").register(registry);
    }

    void window(String model, Series s, String window, WindowReport r, MetricsRecords.Derived d) {
        Tags tags = Tags.of("model", model, "variant", s.variant().name(), "stage", s.stage().name(), "window", window);
        set("fuzzycal.calibration.ece", tags, r.ece(), "top-label ECE, 15 equal-width bins");
        set("fuzzycal.calibration.ece.lower", tags, r.eceLower(), "lower end of the 95% bootstrap interval of the ECE");
        set("fuzzycal.calibration.ece.upper", tags, r.eceUpper(), "upper end of the 95% bootstrap interval of the ECE");
        set("fuzzycal.calibration.ece.equal.mass", tags, r.equalMassEce(), "top-label ECE, equal-mass bins");
        set("fuzzycal.calibration.classwise.ece", tags, r.classwiseEce(), "classwise ECE");
        set("fuzzycal.calibration.mce", tags, r.mce(), "maximum calibration error over non-empty bins");
        set("fuzzycal.calibration.brier", tags, r.brier(), "multiclass Brier score");
        set("fuzzycal.calibration.nll", tags, r.nll(), "mean negative log-likelihood of the true class, nats");
        set("fuzzycal.calibration.accuracy", tags, r.accuracy(), "share of labelled predictions whose top class is right");
        set("fuzzycal.calibration.labelled", tags, r.n(), "labelled predictions in the window");
        set("fuzzycal.calibration.gain.ece", tags, d.gain(), "ECE(raw) - ECE(calibrated) of this variant");
        for (WindowReport.Bin b : r.reliability()) {
            Tags bin = tags.and("bin", Integer.toString(b.index()));
            set("fuzzycal.reliability.accuracy", bin, b.accuracy(), "accuracy of the reliability bin");
            set("fuzzycal.reliability.confidence", bin, b.meanConfidence(), "mean confidence of the reliability bin");
            set("fuzzycal.reliability.samples", bin, b.count(), "labelled predictions in the reliability bin");
        }
        if (MetricsRecords.TIME.equals(window)) {
            Tags series = Tags.of("model", model, "variant", s.variant().name(), "stage", s.stage().name());
            set("fuzzycal.mean.confidence", series, r.meanConfidence(), "mean top-class confidence of all predictions");
            set("fuzzycal.estimated.accuracy", series, r.estimatedAccuracy(),
                    "accuracy estimated without labels from calibrated confidence");
            set("fuzzycal.estimated.ece", series, r.estimatedEce(), "ECE estimated without labels");
            set("fuzzycal.estimated.accuracy.error", series, r.estimatedAccuracy() - r.accuracy(),
                    "estimated minus realised accuracy over the same window");
            set("fuzzycal.psi", series, d.psi(), "PSI of the predicted classes against the reference window");
            set("fuzzycal.calibrator.window.version", series, r.calibratorVersion(),
                    "newest calibrator version among the window's predictions");
            if (!Double.isNaN(d.transferGap())) {
                set("fuzzycal.transfer.gap.ece", Tags.of("model", model, "stage", s.stage().name(), "window", window),
                        d.transferGap(), "ECE(INT4) - ECE(FP32) at this stage");
            }
        }
    }

    void disagreement(String model, double rate) {
        set("fuzzycal.fp32.int4.disagreement", Tags.of("model", model), rate,
                "share of documents whose FP32 and INT4 top classes differ");
    }

    void alertActive(String model, Series s, String metric, boolean active) {
        set("fuzzycal.alerts.active", Tags.of("model", model, "variant", s.variant().name(), "stage",
                s.stage().name(), "metric", metric), active ? 1 : 0, "1 while the drift alert is raised");
    }

    void calibratorVersion(String model, long version) {
        set("fuzzycal.calibrator.version", Tags.of("model", model), version,
                "latest calibrator version on calibration.models");
    }

    void refit(String model, String outcome) {
        Counter.builder("fuzzycal.refits").tags("model", model, "outcome", outcome)
                .description("calibrator refits seen on calibration.models, by outcome").register(registry).increment();
    }

    void feedback(String outcome) {
        Counter.builder("fuzzycal.monitor.feedback").tag("outcome", outcome)
                .description("labels read, by what became of them").register(registry).increment();
    }

    void deadLettered(String topic, DeadLetterReason reason) {
        Counter.builder("fuzzycal.monitor.records.dlq").tags("topic", topic, "reason", reason.name())
                .description("records sent to a dead-letter topic").register(registry).increment();
    }

    /** One event through the window step (a prediction, a labelled prediction or an FP32/INT4 pair). */
    void event(MonitorEvent.Kind kind) {
        events.computeIfAbsent(kind, k -> Counter.builder("fuzzycal.monitor.events").tag("kind", k.name().toLowerCase(
                java.util.Locale.ROOT)).description("events through the window step, by kind").register(registry))
                .increment();
    }

    void unusable() {
        Counter.builder("fuzzycal.monitor.events.unusable")
                .description("events whose class count differs from their model's earlier ones").register(registry)
                .increment();
    }

    void tooLate() {
        tooLate.increment();
    }

    private void set(String name, Tags tags, double value, String description) {
        gauges.computeIfAbsent(name + tags, k -> {
            AtomicLong bits = new AtomicLong(Double.doubleToLongBits(Double.NaN));
            Gauge.builder(name, bits, b -> Double.longBitsToDouble(b.get())).tags(tags).description(description)
                    .strongReference(true)
                    .register(registry);
            return bits;
        }).set(Double.doubleToLongBits(value));
    }
}
