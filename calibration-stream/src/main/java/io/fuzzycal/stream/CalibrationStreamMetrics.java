package io.fuzzycal.stream;

import io.fuzzycal.schemas.DeadLetterReason;
import io.fuzzycal.schemas.avro.Variant;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The calibration stream's meters. Thread-safe: every stream thread records into the same meters.
 * Names follow Prometheus conventions once exported ({@code fuzzycal_calibration_refits_total}).
 */
public final class CalibrationStreamMetrics {
    private final MeterRegistry registry;
    private final Map<Variant, Timer> applyLatency = new EnumMap<>(Variant.class);
    private final Map<Variant, Counter> calibrated = new EnumMap<>(Variant.class);
    private final Counter refitsTried;
    private final Counter refitsPromoted;
    private final Map<String, AtomicLong> versions = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> windowSizes = new ConcurrentHashMap<>();

    public CalibrationStreamMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Variant v : Variant.values()) {
            applyLatency.put(v, Timer.builder("fuzzycal.calibration.apply.latency").tag("variant", v.name())
                    .description("decode, look up and apply the calibrator to one prediction")
                    .publishPercentileHistogram().publishPercentiles(0.5, 0.99)
                    .minimumExpectedValue(Duration.ofNanos(1_000)).maximumExpectedValue(Duration.ofSeconds(1))
                    .register(registry));
            calibrated.put(v, Counter.builder("fuzzycal.calibration.predictions.calibrated").tag("variant", v.name())
                    .description("calibrated predictions produced").register(registry));
        }
        refitsTried = Counter.builder("fuzzycal.calibration.refits.tried").description("challengers fitted")
                .register(registry);
        refitsPromoted = Counter.builder("fuzzycal.calibration.refits.promoted")
                .description("challengers that replaced the champion").register(registry);
    }

    void applied(Variant variant, String modelId, long version, long nanos) {
        applyLatency.get(variant).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        calibrated.get(variant).increment();
        gauge(versions, "fuzzycal.calibration.calibrator.version", "version of the calibrator applied last",
                modelId).set(version);
    }

    void feedback(String outcome) {
        Counter.builder("fuzzycal.calibration.feedback").tag("outcome", outcome)
                .description("labels read, by what became of them").register(registry).increment();
    }

    void deadLettered(String topic, DeadLetterReason reason) {
        Counter.builder("fuzzycal.calibration.records.dlq").tag("topic", topic).tag("reason", reason.name())
                .description("records sent to a dead-letter topic").register(registry).increment();
    }

    void refitTried() {
        refitsTried.increment();
    }

    void refitDone(RefitOutcome outcome) {
        if (outcome.isPromoted()) {
            refitsPromoted.increment();
        } else {
            Counter.builder("fuzzycal.calibration.refits.rejected").tag("reason", outcome.rejection().name())
                    .description("challengers rejected, by reason").register(registry).increment();
        }
    }

    void windowSize(String modelId, long size) {
        gauge(windowSizes, "fuzzycal.calibration.window.size", "labelled documents in the refit window", modelId)
                .set(size);
    }

    private AtomicLong gauge(Map<String, AtomicLong> values, String name, String description, String modelId) {
        return values.computeIfAbsent(modelId, id -> {
            AtomicLong v = new AtomicLong();
            Gauge.builder(name, v, AtomicLong::get).tag("model", id).description(description).register(registry);
            return v;
        });
    }
}
