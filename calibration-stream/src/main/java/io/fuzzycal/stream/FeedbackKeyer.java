package io.fuzzycal.stream;

import io.fuzzycal.schemas.DeadLetterReason;
import io.fuzzycal.schemas.feedback.FeedbackLabel;
import io.fuzzycal.schemas.feedback.FeedbackReader;
import io.fuzzycal.schemas.DeadLetterHeaders;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Keys each label by its document id (a labelling tool or kcat may send no key), so the
 * repartition after it brings the label to the task holding the document's predictions. The value
 * travels unchanged, with its source in headers, so a label that later fails to join reaches the
 * dead-letter topic as it was sent. Unreadable labels go to the dead-letter topic here.
 */
final class FeedbackKeyer implements Processor<byte[], byte[], byte[], Object> {
    private final CalibrationStreamConfig config;
    private final FeedbackReader reader;
    private final CalibrationStreamMetrics metrics;
    private ProcessorContext<byte[], Object> context;

    FeedbackKeyer(CalibrationStreamConfig config, SchemaRegistry registry, CalibrationStreamMetrics metrics) {
        this.config = config;
        this.reader = new FeedbackReader(registry);
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<byte[], Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (DeadLetter.tooLarge(record)) {
            metrics.feedback("too_large");
            metrics.deadLettered(config.feedbackDeadLetterTopic(), DeadLetterReason.TOO_LARGE);
            DeadLetter.forward(context, record, DeadLetterReason.TOO_LARGE, "the feedback record is too large to process");
            return;
        }
        FeedbackLabel label;
        try {
            label = reader.read(config.feedbackTopic(), record.key(), record.value());
        } catch (IllegalArgumentException e) {
            metrics.feedback("malformed");
            metrics.deadLettered(config.feedbackDeadLetterTopic(), DeadLetterReason.MALFORMED);
            DeadLetter.forward(context, record, DeadLetterReason.MALFORMED, e.getMessage());
            return;
        }
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        RecordMetadata source = context.recordMetadata().orElse(null);
        if (source != null) {
            DeadLetterHeaders.addSource(headers, source.topic(), source.partition(), source.offset());
        }
        context.forward(new Record<>(label.documentId().getBytes(StandardCharsets.UTF_8), record.value(),
                record.timestamp(), headers));
    }
}
