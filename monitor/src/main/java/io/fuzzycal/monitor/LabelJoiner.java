package io.fuzzycal.monitor;

import io.fuzzycal.schemas.DeadLetterReason;
import io.fuzzycal.schemas.avro.CalibratedPrediction;
import io.fuzzycal.schemas.avro.Variant;
import io.fuzzycal.schemas.feedback.FeedbackLabel;
import io.fuzzycal.schemas.feedback.FeedbackReader;
import io.fuzzycal.schemas.feedback.LabelTiming;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The two feedback steps. {@link #keyer} reads each label and keys it by document id (dead-lettering
 * what is not a label), so that the repartition after it brings it to the task holding the document's
 * predictions; the joiner itself then matches it, with calibration-stream's {@link LabelTiming}, to the
 * latest prediction of each model and variant and forwards one labelled event per match. A label with
 * no prediction, a late one, or one naming no class of the model goes to the dead-letter topic.
 */
final class LabelJoiner extends PendingStep {
    private final FeedbackReader labels;

    LabelJoiner(MonitorConfig config, SchemaRegistry registry, MonitorMetrics metrics) {
        super(config, registry, metrics);
        this.labels = new FeedbackReader(registry);
    }

    /** The keying step before the repartition. */
    static Processor<byte[], byte[], byte[], byte[]> keyer(MonitorConfig config, SchemaRegistry registry,
                                                           MonitorMetrics metrics) {
        FeedbackReader reader = new FeedbackReader(registry);
        return new Processor<>() {
            private ProcessorContext<byte[], byte[]> context;

            @Override
            public void init(ProcessorContext<byte[], byte[]> c) {
                context = c;
            }

            @Override
            public void process(Record<byte[], byte[]> record) {
                FeedbackLabel label = readOrDeadLetter(reader, config, metrics, context, MonitorTopology.KEYED_DLQ,
                        record);
                if (label == null) {
                    return;
                }
                // the first source wins: a label dead-lettered after the repartition still names where it came from
                Headers headers = DeadLetters.withSource(context, record.headers());
                context.forward(new Record<>(label.documentId().getBytes(StandardCharsets.UTF_8), record.value(),
                        record.timestamp(), headers), MonitorTopology.KEYED);
            }
        };
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        FeedbackLabel label = readOrDeadLetter(labels, config, metrics, context, MonitorTopology.FEEDBACK_DLQ, record);
        if (label == null) {
            return;
        }
        long labelledAt = record.timestamp();
        LabelTiming.Scan scan = config.labelTiming().scan(label.documentId(), labelledAt);
        Map<String, CalibratedPrediction> latest = new LinkedHashMap<>(); // per model/variant; time order: last wins
        try (WindowStoreIterator<byte[]> it = pending.fetch(label.documentId(), scan.from(), scan.to())) {
            it.forEachRemaining(kv -> {
                if (scan.accept(kv.key)) {
                    CalibratedPrediction p = predictions.deserialize(config.calibratedTopic(), kv.value);
                    latest.put(p.getModelId() + "/" + p.getVariant(), p);
                }
            });
        }
        if (latest.isEmpty()) {
            LabelTiming.Rejection why = scan.rejection(context.currentStreamTimeMs());
            reject(record, why.reason(), why.message());
            return;
        }
        List<MonitorEvent> events = new ArrayList<>(latest.size());
        for (CalibratedPrediction p : latest.values()) {
            int y;
            try {
                y = label.resolve(p.getLabels());
            } catch (IllegalArgumentException e) {
                reject(record, DeadLetterReason.INVALID_LABEL, e.getMessage());
                return;
            }
            Variant v = p.getVariant();
            events.add(MonitorEvent.labelled(p.getModelId(), v, p.getCalibratorVersion(), y,
                    PredictionIntake.array(p.getRawProbabilities()),
                    PredictionIntake.array(p.getCalibratedProbabilities())));
        }
        for (MonitorEvent e : events) {
            context.forward(new Record<>(e.modelId().getBytes(StandardCharsets.UTF_8), e.toBytes(), labelledAt,
                    new RecordHeaders()), MonitorTopology.LABELLED);
        }
        metrics.feedback("matched");
    }

    /** The label, or null when the record is not one: then it goes to {@code sink} as a MALFORMED dead letter. */
    private static FeedbackLabel readOrDeadLetter(FeedbackReader reader, MonitorConfig config, MonitorMetrics metrics,
                                                  ProcessorContext<byte[], byte[]> context, String sink,
                                                  Record<byte[], byte[]> record) {
        try {
            return reader.read(config.feedbackTopic(), record.key(), record.value());
        } catch (IllegalArgumentException e) {
            metrics.feedback("malformed");
            metrics.deadLettered(config.feedbackDeadLetterTopic(), DeadLetterReason.MALFORMED);
            DeadLetters.send(context, sink, record, DeadLetterReason.MALFORMED, e.getMessage());
            return null;
        }
    }

    private void reject(Record<byte[], byte[]> record, DeadLetterReason reason, String message) {
        metrics.feedback(reason.name().toLowerCase(java.util.Locale.ROOT));
        metrics.deadLettered(config.feedbackDeadLetterTopic(), reason);
        DeadLetters.send(context, MonitorTopology.FEEDBACK_DLQ, record, reason, message);
    }
}
