package io.fuzzycal.monitor;

import io.fuzzycal.schemas.avro.CalibratedPrediction;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.schemas.serde.AvroDeserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.WindowStore;

/** A step on the store of calibrated predictions that wait for their labels: the intake fills it, the joiner reads it. */
abstract class PendingStep implements Processor<byte[], byte[], byte[], byte[]> {
    final MonitorConfig config;
    final AvroDeserializer<CalibratedPrediction> predictions;
    final MonitorMetrics metrics;
    ProcessorContext<byte[], byte[]> context;
    WindowStore<String, byte[]> pending;

    PendingStep(MonitorConfig config, SchemaRegistry registry, MonitorMetrics metrics) {
        this.config = config;
        this.predictions = new AvroDeserializer<>(CalibratedPrediction.class, registry);
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.pending = context.getStateStore(MonitorTopology.PENDING);
    }
}
