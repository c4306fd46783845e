package io.fuzzycal.stream;

import io.fuzzycal.schemas.DeadLetterReason;
import io.fuzzycal.calibration.CalibratorOutputCheck;
import io.fuzzycal.calibration.InvalidRowException;
import io.fuzzycal.schemas.avro.CalibratedPrediction;
import io.fuzzycal.schemas.avro.Prediction;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.schemas.serde.AvroDeserializer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Calibrates each prediction with its model's current calibrator and keeps the raw record in the
 * pending-predictions store, where labels find it. Unreadable predictions go to the dead-letter
 * topic.
 */
final class PredictionCalibrator implements Processor<byte[], byte[], byte[], Object> {
    private final CalibrationStreamConfig config;
    private final SchemaRegistry registry;
    private final CalibrationStreamMetrics metrics;
    private final AvroDeserializer<Prediction> reader;
    private ProcessorContext<byte[], Object> context;
    private WindowStore<String, byte[]> pending;
    private CalibratorCatalog catalog;

    PredictionCalibrator(CalibrationStreamConfig config, SchemaRegistry registry, CalibrationStreamMetrics metrics) {
        this.config = config;
        this.registry = registry;
        this.metrics = metrics;
        this.reader = new AvroDeserializer<>(Prediction.class, registry);
    }

    @Override
    public void init(ProcessorContext<byte[], Object> context) {
        this.context = context;
        this.pending = context.getStateStore(CalibrationTopology.PENDING_PREDICTIONS);
        KeyValueStore<String, byte[]> calibrators = context.getStateStore(CalibrationTopology.CALIBRATORS);
        this.catalog = new CalibratorCatalog(calibrators, registry, config.modelsTopic(), config.initialCalibrator());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        long start = System.nanoTime();
        if (DeadLetter.tooLarge(record)) {
            metrics.deadLettered(config.predictionsDeadLetterTopic(), DeadLetterReason.TOO_LARGE);
            DeadLetter.forward(context, record, DeadLetterReason.TOO_LARGE, "the prediction record is too large to process");
            return;
        }
        Prediction p;
        Champion champion;
        double[] calibrated;
        try {
            if (record.value() == null) {
                throw new IllegalArgumentException("empty prediction record");
            }
            p = reader.deserialize(config.predictionsTopic(), record.value());
            double[] raw = probabilities(p);
            champion = catalog.current(p.getModelId(), p.getVariant(), raw.length);
            calibrated = champion.calibrator().calibrate(raw); // validates: finite, in [0, 1], summing to 1
            String problem = CalibratorOutputCheck.problem(calibrated); // never publish NaN: probes are not proofs
            if (problem != null) {
                throw new IllegalArgumentException(champion.method() + " calibrator v" + champion.version() + ": " + problem);
            }
        } catch (InvalidRowException e) {
            deadLetter(record, "prediction probabilities: " + e.reason());
            return;
        } catch (RuntimeException e) {
            deadLetter(record, e.getMessage());
            return;
        }
        List<Double> out = new ArrayList<>(calibrated.length);
        for (double v : calibrated) {
            out.add(v);
        }
        CalibratedPrediction result = CalibratedPrediction.newBuilder()
                .setDocumentId(p.getDocumentId())
                .setModelId(p.getModelId())
                .setVariant(p.getVariant())
                .setLabels(p.getLabels())
                .setRawProbabilities(p.getProbabilities())
                .setCalibratedProbabilities(out)
                .setCalibratorVersion(champion.version())
                .setCalibratorMethod(champion.method())
                .setProducedAt(java.time.Instant.ofEpochMilli(context.currentSystemTimeMs()))
                .build();
        pending.put(p.getDocumentId(), record.value(), record.timestamp());
        context.forward(new Record<>(p.getDocumentId().getBytes(StandardCharsets.UTF_8), result, record.timestamp(),
                new RecordHeaders()));
        metrics.applied(p.getVariant(), p.getModelId(), champion.version(), System.nanoTime() - start);
    }

    private void deadLetter(Record<byte[], byte[]> record, String message) {
        metrics.deadLettered(config.predictionsDeadLetterTopic(), DeadLetterReason.MALFORMED);
        DeadLetter.forward(context, record, DeadLetterReason.MALFORMED, message);
    }

    /** The prediction's probabilities, one per label; their values are checked by the calibrator. */
    private static double[] probabilities(Prediction p) {
        if (p.getDocumentId() == null || p.getDocumentId().isBlank()) {
            throw new IllegalArgumentException("prediction without a document id");
        }
        List<Double> values = p.getProbabilities();
        if (values.size() < 2 || values.size() != p.getLabels().size()) {
            throw new IllegalArgumentException("prediction " + p.getDocumentId() + " has " + values.size()
                    + " probabilities for " + p.getLabels().size() + " labels");
        }
        double[] raw = new double[values.size()];
        for (int k = 0; k < raw.length; k++) {
            raw[k] = values.get(k);
        }
        return raw;
    }
}
