package io.fuzzycal.monitor;

import io.fuzzycal.calibration.CalibrationSet;
import io.fuzzycal.schemas.DeadLetterReason;
import io.fuzzycal.schemas.avro.CalibratedPrediction;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.schemas.serde.AvroDeserializer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Reads each calibrated prediction, keeps it for its label (label delay plus grace), and tells the
 * window step about it, keyed by model: the prediction itself, and, when the document's other
 * variant is already here, whether FP32 and INT4 chose different classes. Unreadable or invalid
 * records go to the calibrated topic's dead-letter topic.
 */
final class PredictionIntake extends PendingStep {
    PredictionIntake(MonitorConfig config, SchemaRegistry registry, MonitorMetrics metrics) {
        super(config, registry, metrics);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        CalibratedPrediction p;
        try {
            p = read(predictions, config.calibratedTopic(), record.value());
        } catch (IllegalArgumentException e) {
            metrics.deadLettered(config.calibratedDeadLetterTopic(), DeadLetterReason.MALFORMED);
            DeadLetters.send(context, MonitorTopology.CALIBRATED_DLQ, record, DeadLetterReason.MALFORMED,
                    e.getMessage());
            return;
        }
        long t = record.timestamp();
        Boolean disagree = null;
        try (WindowStoreIterator<byte[]> it = pending.fetch(p.getDocumentId(),
                config.labelTiming().searchFrom(t), config.labelTiming().searchTo(t))) {
            while (it.hasNext()) {
                KeyValue<Long, byte[]> kv = it.next();
                CalibratedPrediction other = predictions.deserialize(config.calibratedTopic(), kv.value);
                if (other.getModelId().equals(p.getModelId()) && other.getVariant() != p.getVariant()) {
                    disagree = BinStats.argmax(array(other.getRawProbabilities()))
                            != BinStats.argmax(array(p.getRawProbabilities()));
                }
            }
        }
        pending.put(p.getDocumentId(), record.value(), t);
        byte[] model = p.getModelId().getBytes(StandardCharsets.UTF_8);
        MonitorEvent event = MonitorEvent.prediction(p.getModelId(), p.getVariant(), p.getCalibratorVersion(),
                array(p.getRawProbabilities()), array(p.getCalibratedProbabilities()));
        context.forward(new Record<>(model, event.toBytes(), t, new RecordHeaders()), MonitorTopology.EVENTS);
        if (disagree != null) {
            context.forward(new Record<>(model, MonitorEvent.pair(p.getModelId(), disagree).toBytes(), t,
                    new RecordHeaders()), MonitorTopology.EVENTS);
        }
    }

    /**
     * Reads and checks a calibrated prediction: at least two labels, both probability vectors of that
     * length, in [0, 1] and summing to 1 within calibration-core's tolerance.
     *
     * @throws IllegalArgumentException with a one-line reason
     */
    static CalibratedPrediction read(AvroDeserializer<CalibratedPrediction> reader, String topic, byte[] value) {
        if (value == null || value.length == 0) {
            throw new IllegalArgumentException("empty calibrated prediction");
        }
        CalibratedPrediction p;
        try {
            p = reader.deserialize(topic, value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("unreadable CalibratedPrediction Avro: " + e.getMessage(), e);
        }
        int c = p.getLabels().size();
        if (c < 2) {
            throw new IllegalArgumentException("prediction of " + p.getDocumentId() + " has " + c + " labels");
        }
        check(p, "raw", p.getRawProbabilities(), c);
        check(p, "calibrated", p.getCalibratedProbabilities(), c);
        return p;
    }

    private static void check(CalibratedPrediction p, String which, List<Double> probabilities, int c) {
        if (probabilities.size() != c) {
            throw new IllegalArgumentException(which + " probabilities of " + p.getDocumentId() + " have "
                    + probabilities.size() + " entries for " + c + " labels");
        }
        double sum = 0;
        for (double v : probabilities) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException(which + " probability " + v + " of " + p.getDocumentId()
                        + " is not in [0, 1]");
            }
            sum += v;
        }
        if (Math.abs(sum - 1) > CalibrationSet.SUM_TOLERANCE) {
            throw new IllegalArgumentException(which + " probabilities of " + p.getDocumentId() + " sum to " + sum);
        }
    }

    static double[] array(List<Double> values) {
        double[] out = new double[values.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = values.get(k);
        }
        return out;
    }
}
