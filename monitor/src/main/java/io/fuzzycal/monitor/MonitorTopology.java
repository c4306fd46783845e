package io.fuzzycal.monitor;

import io.fuzzycal.schemas.Topics;
import io.fuzzycal.schemas.avro.CalibrationMetrics;
import io.fuzzycal.schemas.avro.DriftAlert;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.schemas.serde.AvroSerde;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The monitor's topology.
 *
 * <pre>
 * sentiment.calibrated ─► PredictionIntake (pending-predictions window store) ─┬──────────────────────┐
 * sentiment.feedback ─► key by document ─► repartition ─► LabelJoiner (same store) ┴► repartition by model
 *     ─► WindowAggregator (panes, rows, count window, alerts, references) ─► calibration.metrics, calibration.alerts
 * calibration.models ─► ModelsAudit (meters)
 * every step's unusable records ─► sentiment.calibrated.dlq / sentiment.feedback.dlq / calibration.models.dlq
 * </pre>
 * Processors send each output to a named child (a sink or the next step), so dead letters need no wrapper type.
 */
public final class MonitorTopology {
    static final String PENDING = "monitor-pending-predictions";
    static final String PANES = "monitor-panes";
    static final String ROWS = "monitor-rows";
    static final String COUNT_ROWS = "monitor-count-rows";
    static final String COUNT_HEADS = "monitor-count-heads";
    static final String PROGRESS = "monitor-progress";
    static final String ALERTS = "monitor-alerts";
    static final String REFERENCES = "monitor-references";

    static final String CALIBRATED_DLQ = "calibrated-dead-letters";
    static final String EVENTS = "prediction-events";
    static final String KEYED_DLQ = "unreadable-feedback";
    static final String KEYED = "feedback-keyed";
    static final String FEEDBACK_DLQ = "feedback-dead-letters";
    static final String LABELLED = "labelled-events";
    static final String MODELS_DLQ = "models-dead-letters";
    static final String METRICS_OUT = "metrics-out";
    static final String ALERTS_OUT = "alerts-out";

    private MonitorTopology() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Topology build(MonitorConfig config, SchemaRegistry registry, MonitorMetrics metrics) {
        StreamsBuilder builder = new StreamsBuilder();
        Duration retention = config.labelTiming().retention();
        builder.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(PENDING, retention,
                Duration.ofMillis(1), true), Serdes.String(), Serdes.ByteArray()));
        // cached: a pane or a count-window head is rewritten by every event, but only its last value per
        // commit goes to the changelog (uncached, the panes alone wrote kilobytes per event)
        for (String store : new String[] {PANES, ROWS, COUNT_ROWS, COUNT_HEADS}) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store), Serdes.Bytes(),
                    Serdes.ByteArray()).withCachingEnabled());
        }
        for (String store : new String[] {PROGRESS, ALERTS, REFERENCES}) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store), Serdes.String(),
                    Serdes.ByteArray()).withCachingEnabled());
        }
        Serde<byte[]> bytes = Serdes.ByteArray();
        Consumed<byte[], byte[]> raw = Consumed.with(bytes, bytes);

        KStream<byte[], byte[]> intake = builder.stream(config.calibratedTopic(), raw.withName("calibrated"))
                .process(() -> new PredictionIntake(config, registry, metrics), Named.as("intake"), PENDING);
        intake.to(config.calibratedDeadLetterTopic(), Produced.with(bytes, bytes).withName(CALIBRATED_DLQ));
        KStream<byte[], byte[]> predictions = intake.mapValues(v -> v, Named.as(EVENTS));

        KStream<byte[], byte[]> keyed = builder.stream(config.feedbackTopic(), raw.withName("feedback"))
                .process(() -> LabelJoiner.keyer(config, registry, metrics), Named.as("key-feedback"));
        keyed.to(config.feedbackDeadLetterTopic(), Produced.with(bytes, bytes).withName(KEYED_DLQ));
        KStream<byte[], byte[]> joined = keyed.mapValues(v -> v, Named.as(KEYED))
                .repartition(Repartitioned.with(bytes, bytes).withName("monitor-feedback-by-document")
                        .withNumberOfPartitions(config.partitions()))
                .process(() -> new LabelJoiner(config, registry, metrics), Named.as("join-feedback"), PENDING);
        joined.to(config.feedbackDeadLetterTopic(), Produced.with(bytes, bytes).withName(FEEDBACK_DLQ));
        KStream<byte[], byte[]> labelled = joined.mapValues(v -> v, Named.as(LABELLED));

        KStream<String, Object> out = predictions.merge(labelled, Named.as("events"))
                .repartition(Repartitioned.with(bytes, bytes).withName("monitor-events-by-model"))
                .process(() -> new WindowAggregator(config, metrics), Named.as("windows"),
                        PANES, ROWS, COUNT_ROWS, COUNT_HEADS, PROGRESS, ALERTS, REFERENCES);
        ((KStream<String, CalibrationMetrics>) (KStream) out).to(config.metricsTopic(),
                Produced.with(Serdes.String(), new AvroSerde<>(CalibrationMetrics.class, registry)).withName(METRICS_OUT));
        ((KStream<String, DriftAlert>) (KStream) out).to(config.alertsTopic(),
                Produced.with(Serdes.String(), new AvroSerde<>(DriftAlert.class, registry)).withName(ALERTS_OUT));

        builder.stream(config.modelsTopic(), raw.withName("calibration-models"))
                .process(() -> new ModelsAudit(config, registry, metrics), Named.as("models-audit"))
                .to(Topics.deadLetter(config.modelsTopic()), Produced.with(bytes, bytes).withName(MODELS_DLQ));
        return builder.build();
    }
}
