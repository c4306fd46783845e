package io.fuzzycal.stream;

import io.fuzzycal.schemas.avro.CalibratedPrediction;
import io.fuzzycal.schemas.avro.CalibratorModel;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.schemas.serde.AvroSerde;
import java.util.concurrent.Executor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The calibration stream's topology.
 *
 * <pre>
 * calibration.models ──► global store "calibrators" (raw bytes) ─────────────┐ read by
 * sentiment.predictions ─► PredictionCalibrator ──► sentiment.calibrated      │
 *                           │ (pending-predictions window store) ◄──┐         │
 * sentiment.feedback ─► FeedbackKeyer ─► repartition by document ─► FeedbackJoiner
 *                                                                    └► repartition by model ─► RefitWindow ─► calibration.models
 * every step's unusable records ─► sentiment.predictions.dlq / sentiment.feedback.dlq
 * </pre>
 */
public final class CalibrationTopology {
    static final String CALIBRATORS = "calibrators";
    static final String PENDING_PREDICTIONS = "pending-predictions";
    static final String REFIT_WINDOW = "refit-window";
    static final String REFIT_STATE = "refit-state";

    private CalibrationTopology() {
    }

    /**
     * Builds the topology.
     *
     * @param fitExecutor where challengers are fitted; a small pool in production, the calling thread in tests
     */
    public static Topology build(CalibrationStreamConfig config, SchemaRegistry registry,
                                 CalibrationStreamMetrics metrics, Executor fitExecutor) {
        StreamsBuilder builder = new StreamsBuilder();
        // In memory: a few records, one per model, restored from the compacted topic at start.
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CALIBRATORS),
                        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
                config.modelsTopic(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("calibration-models"),
                CalibratorStoreUpdater::new);
        builder.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(PENDING_PREDICTIONS,
                config.predictionRetention(), java.time.Duration.ofMillis(1), true), Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(REFIT_WINDOW),
                Serdes.Bytes(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(REFIT_STATE),
                Serdes.String(), Serdes.ByteArray()));

        Consumed<byte[], byte[]> raw = Consumed.with(Serdes.ByteArray(), Serdes.ByteArray());
        KStream<byte[], Object> calibrated = builder.stream(config.predictionsTopic(), raw.withName("predictions"))
                .process(() -> new PredictionCalibrator(config, registry, metrics), Named.as("calibrate"),
                        PENDING_PREDICTIONS);
        KStream<byte[], CalibratedPrediction> calibratedOut = withoutDeadLetters(calibrated,
                config.predictionsDeadLetterTopic(), "calibrate");
        calibratedOut.to(config.calibratedTopic(), Produced.with(Serdes.ByteArray(),
                new AvroSerde<>(CalibratedPrediction.class, registry)).withName("calibrated"));

        KStream<byte[], byte[]> labels = withoutDeadLetters(
                builder.stream(config.feedbackTopic(), raw.withName("feedback"))
                        .process(() -> new FeedbackKeyer(config, registry, metrics), Named.as("key-feedback")),
                config.feedbackDeadLetterTopic(), "key-feedback");
        KStream<byte[], Object> joined = labels
                .repartition(Repartitioned.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName("feedback-by-document").withNumberOfPartitions(config.partitions()))
                .process(() -> new FeedbackJoiner(config, registry, metrics), Named.as("join-feedback"),
                        PENDING_PREDICTIONS);
        KStream<byte[], byte[]> labelled = withoutDeadLetters(joined, config.feedbackDeadLetterTopic(), "join-feedback");
        labelled.repartition(Repartitioned.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("labelled-by-model"))
                .process(() -> new RefitWindow(config, registry, metrics, fitExecutor), Named.as("refit"),
                        REFIT_WINDOW, REFIT_STATE)
                .mapValues(v -> (CalibratorModel) v, Named.as("promoted"))
                .to(config.modelsTopic(), Produced.with(Serdes.ByteArray(),
                        new AvroSerde<>(CalibratorModel.class, registry)).withName("calibration-models-out"));
        return builder.build();
    }

    /** Sends the {@link DeadLetter}s of {@code stream} to {@code dlqTopic} and returns the rest, typed. */
    @SuppressWarnings("unchecked")
    private static <V> KStream<byte[], V> withoutDeadLetters(KStream<byte[], Object> stream, String dlqTopic,
                                                             String step) {
        var branches = stream.split(Named.as(step + "-"))
                .branch((k, v) -> v instanceof DeadLetter, Branched.withConsumer(dead -> dead
                        .mapValues(v -> ((DeadLetter) v).value(), Named.as(step + "-dead-letter-bytes"))
                        .to(dlqTopic, Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
                                .withName(step + "-dead-letters")), "dead"))
                .defaultBranch(Branched.as("ok"));
        return (KStream<byte[], V>) (KStream<byte[], ?>) branches.get(step + "-ok");
    }

    /** Keeps the global store equal to the topic: raw bytes per model id, tombstones delete. */
    private static final class CalibratorStoreUpdater implements Processor<String, byte[], Void, Void> {
        private KeyValueStore<String, byte[]> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(CALIBRATORS);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            if (record.key() == null) {
                return; // not addressable by model id; compaction would drop it too
            }
            if (record.value() == null) {
                store.delete(record.key());
            } else {
                store.put(record.key(), record.value());
            }
        }
    }
}
