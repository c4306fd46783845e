package io.fuzzycal.monitor;

import io.fuzzycal.schemas.DeadLetterReason;
import io.fuzzycal.schemas.avro.CalibratorModel;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.schemas.serde.AvroDeserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Reads calibration.models, whose records are the promotions calibration-stream made: each sets the
 * model's {@code fuzzycal_calibrator_version} and counts one {@code fuzzycal_refits_total{outcome="promoted"}}.
 */
final class ModelsAudit implements Processor<byte[], byte[], byte[], byte[]> {
    private final MonitorConfig config;
    private final AvroDeserializer<CalibratorModel> reader;
    private final MonitorMetrics metrics;
    private ProcessorContext<byte[], byte[]> context;

    ModelsAudit(MonitorConfig config, SchemaRegistry registry, MonitorMetrics metrics) {
        this.config = config;
        this.reader = new AvroDeserializer<>(CalibratorModel.class, registry);
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.value() == null) {
            return; // a tombstone: a calibrator withdrawn, no refit
        }
        CalibratorModel m;
        try {
            m = reader.deserialize(config.modelsTopic(), record.value());
        } catch (RuntimeException e) {
            String dlq = io.fuzzycal.schemas.Topics.deadLetter(config.modelsTopic());
            metrics.deadLettered(dlq, DeadLetterReason.MALFORMED);
            DeadLetters.send(context, MonitorTopology.MODELS_DLQ, record, DeadLetterReason.MALFORMED,
                    "unreadable CalibratorModel Avro: " + e.getMessage());
            return;
        }
        String key = m.getVariant() == null ? m.getModelId() : m.getModelId() + "/" + m.getVariant();
        metrics.calibratorVersion(key, m.getVersion());
        metrics.refit(key, "promoted");
    }
}
