package io.fuzzycal.feeds;

import io.fuzzycal.schemas.avro.Feedback;
import io.fuzzycal.schemas.avro.NewsText;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.schemas.serde.AvroSerializer;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The records every feed writes: NewsText and Feedback Avro in Confluent's wire format (the schemas
 * module's serializer), keyed by document id, stamped with the time they describe.
 */
final class NewsRecords {
    private final AvroSerializer<NewsText> texts;
    private final AvroSerializer<Feedback> labels;
    private final String textTopic;
    private final String feedbackTopic;

    NewsRecords(SchemaRegistry registry, String textTopic, String feedbackTopic) {
        this.texts = new AvroSerializer<>(registry);
        this.labels = new AvroSerializer<>(registry);
        this.textTopic = textTopic;
        this.feedbackTopic = feedbackTopic;
    }

    /** A text record; its timestamp is publishedAt when known, else now. */
    ProducerRecord<String, byte[]> text(String id, String text, String source, Instant publishedAt, String language) {
        NewsText value = NewsText.newBuilder().setId(id).setText(text).setSource(source)
                .setPublishedAt(publishedAt).setLanguage(language).build();
        long timestamp = publishedAt == null ? System.currentTimeMillis() : publishedAt.toEpochMilli();
        return new ProducerRecord<>(textTopic, null, timestamp, id, texts.serialize(textTopic, value));
    }

    /** A label record, timestamped labelledAt. */
    ProducerRecord<String, byte[]> label(String documentId, int label, String labelName, Instant labelledAt,
                                         String source) {
        Feedback value = Feedback.newBuilder().setDocumentId(documentId).setLabel(label).setLabelName(labelName)
                .setLabelledAt(labelledAt).setSource(source).build();
        return new ProducerRecord<>(feedbackTopic, null, labelledAt.toEpochMilli(), documentId,
                labels.serialize(feedbackTopic, value));
    }

    /** The client properties plus what every feed producer needs: serializers, acks=all, idempotence. */
    static Map<String, Object> producerConfig(Map<String, Object> client) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // retries after a lost acknowledgement must never write a text twice
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        return config;
    }
}
