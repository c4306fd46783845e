package io.fuzzycal.stream;

import io.fuzzycal.schemas.DeadLetterReason;
import io.fuzzycal.schemas.feedback.FeedbackLabel;
import io.fuzzycal.schemas.feedback.FeedbackReader;
import io.fuzzycal.schemas.feedback.LabelTiming;
import io.fuzzycal.schemas.avro.Prediction;
import io.fuzzycal.schemas.avro.Variant;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.schemas.serde.AvroDeserializer;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Joins a label to the predictions of its document made at most the label delay before it, and
 * forwards one {@link LabelledDocument} per model, keyed by model id, towards that model's refit
 * window. A label with no prediction, one that comes too late, or one that does not fit the model's
 * classes goes to the dead-letter topic with the reason.
 */
final class FeedbackJoiner implements Processor<byte[], byte[], byte[], Object> {
    private final CalibrationStreamConfig config;
    private final FeedbackReader reader;
    private final AvroDeserializer<Prediction> predictions;
    private final CalibrationStreamMetrics metrics;
    private ProcessorContext<byte[], Object> context;
    private WindowStore<String, byte[]> pending;

    FeedbackJoiner(CalibrationStreamConfig config, SchemaRegistry registry, CalibrationStreamMetrics metrics) {
        this.config = config;
        this.reader = new FeedbackReader(registry);
        this.predictions = new AvroDeserializer<>(Prediction.class, registry);
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<byte[], Object> context) {
        this.context = context;
        this.pending = context.getStateStore(CalibrationTopology.PENDING_PREDICTIONS);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        FeedbackLabel label;
        try {
            label = reader.read(config.feedbackTopic(), record.key(), record.value());
        } catch (IllegalArgumentException e) {
            reject(record, DeadLetterReason.MALFORMED, e.getMessage());
            return;
        }
        long labelledAt = record.timestamp();
        LabelTiming.Scan scan = config.labelTiming().scan(label.documentId(), labelledAt);
        // the latest matching prediction per model and variant; older predictions of the document only
        // tell a late label from an unmatched one
        Map<String, Map<Variant, Prediction>> matched = new LinkedHashMap<>();
        Map<String, Long> predictedAt = new LinkedHashMap<>();
        try (WindowStoreIterator<byte[]> it = pending.fetch(label.documentId(), scan.from(), scan.to())) {
            while (it.hasNext()) {
                KeyValue<Long, byte[]> kv = it.next();
                if (scan.accept(kv.key)) {
                    Prediction p = predictions.deserialize(config.predictionsTopic(), kv.value);
                    matched.computeIfAbsent(p.getModelId(), m -> new EnumMap<>(Variant.class)).put(p.getVariant(), p);
                    predictedAt.merge(p.getModelId(), kv.key, Math::max);
                }
            }
        }
        if (matched.isEmpty()) {
            LabelTiming.Rejection why = scan.rejection(context.currentStreamTimeMs());
            reject(record, why.reason(), why.message());
            return;
        }
        List<LabelledDocument> docs = new java.util.ArrayList<>();
        for (Map.Entry<String, Map<Variant, Prediction>> model : matched.entrySet()) {
            Prediction any = model.getValue().values().iterator().next();
            int y;
            try {
                y = label.resolve(any.getLabels());
            } catch (IllegalArgumentException e) {
                reject(record, DeadLetterReason.INVALID_LABEL, e.getMessage());
                return;
            }
            Map<Variant, double[]> probabilities = new EnumMap<>(Variant.class);
            model.getValue().forEach((v, p) -> probabilities.put(v, toArray(p.getProbabilities())));
            docs.add(new LabelledDocument(model.getKey(), label.documentId(), y, predictedAt.get(model.getKey()),
                    labelledAt, probabilities));
        }
        for (LabelledDocument doc : docs) {
            context.forward(new Record<>(doc.modelId().getBytes(StandardCharsets.UTF_8), doc.toBytes(), labelledAt,
                    new RecordHeaders()));
        }
        metrics.feedback("matched");
    }

    private void reject(Record<byte[], byte[]> record, DeadLetterReason reason, String message) {
        metrics.feedback(reason.name().toLowerCase(java.util.Locale.ROOT));
        metrics.deadLettered(config.feedbackDeadLetterTopic(), reason);
        DeadLetter.forward(context, record, reason, message);
    }

    private static double[] toArray(List<Double> values) {
        double[] out = new double[values.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = values.get(k);
        }
        return out;
    }
}
