package io.fuzzycal.inference;

import io.fuzzycal.model.Precision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The service's meters, registered once; names follow Prometheus conventions once exported. */
final class InferenceMetrics {
    private final MeterRegistry registry;
    private final Counter recordsIn;
    private final Map<Precision, Counter> predictionsOut = new EnumMap<>(Precision.class);
    private final Map<Precision, Timer> modelLatency = new EnumMap<>(Precision.class);
    private final Map<Precision, Timer> endToEnd = new EnumMap<>(Precision.class);
    private final DistributionSummary batchSize;
    private final Counter abortedCommits;
    private final AtomicInteger commitFailing = new AtomicInteger();

    InferenceMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.recordsIn = Counter.builder("fuzzycal.inference.records.in").description("records consumed").register(registry);
        this.batchSize = DistributionSummary.builder("fuzzycal.inference.batch.size").description("records per transaction")
                .publishPercentileHistogram().register(registry);
        this.abortedCommits = Counter.builder("fuzzycal.inference.transactions.aborted")
                .description("transactions aborted; their batch is consumed again").register(registry);
        Gauge.builder("fuzzycal.inference.commit.failing", commitFailing, Number::doubleValue)
                .description("1 while the last transaction failed: the input does not advance").register(registry);
        for (Precision v : Precision.values()) {
            String tag = v.name();
            predictionsOut.put(v, Counter.builder("fuzzycal.inference.predictions.out").tag("variant", tag)
                    .description("predictions produced").register(registry));
            modelLatency.put(v, Timer.builder("fuzzycal.inference.model.latency").tag("variant", tag)
                    .description("model time of one batch").publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30)).register(registry));
            endToEnd.put(v, Timer.builder("fuzzycal.inference.end.to.end.latency").tag("variant", tag)
                    .description("from the record's timestamp to its prediction being sent").publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(5)).register(registry));
        }
    }

    void consumed(int records) {
        recordsIn.increment(records);
        batchSize.record(records);
    }

    void deadLettered(RejectedRecordException.Reason reason) {
        Counter.builder("fuzzycal.inference.records.dlq").tag("reason", reason.name())
                .description("records sent to the dead-letter topic").register(registry).increment();
    }

    /** The last transaction committed ({@code false}) or was aborted ({@code true}). */
    void commitFailing(boolean failing) {
        if (failing) {
            abortedCommits.increment();
        }
        commitFailing.set(failing ? 1 : 0);
    }

    void scored(Precision variant, int predictions, long modelNanos) {
        predictionsOut.get(variant).increment(predictions);
        modelLatency.get(variant).record(Duration.ofNanos(modelNanos));
    }

    void delivered(Precision variant, long recordTimestampMillis, long nowMillis) {
        if (recordTimestampMillis > 0 && nowMillis >= recordTimestampMillis) {
            endToEnd.get(variant).record(Duration.ofMillis(nowMillis - recordTimestampMillis));
        }
    }
}
