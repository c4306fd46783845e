package io.fuzzycal.bench;

import io.fuzzycal.schemas.avro.Prediction;
import io.fuzzycal.schemas.avro.Variant;
import io.fuzzycal.schemas.serde.AvroSerializer;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Loads the synthetic input of {@code bench calibrate-stream}: every document's FP32 and INT4
 * predictions, Avro-encoded with the given registry's schema ids, keyed by document id, every record
 * acknowledged before it returns.
 */
final class PredictionLoader {
    private PredictionLoader() {
    }

    /** A sender of raw keys and values (records encoded by the caller), for {@code what}. */
    static AcknowledgedSender<byte[], byte[]> bytes(Map<String, Object> client, String what, Consumer<String> progress) {
        return new AcknowledgedSender<>(client, new ByteArraySerializer(), new ByteArraySerializer(), what, progress);
    }

    static void load(Map<String, Object> client, String topic, SyntheticPredictions data,
                     AvroSerializer<Prediction> serializer, Consumer<String> progress) {
        int predictions = 2 * data.documents();
        try (AcknowledgedSender<byte[], byte[]> producer = bytes(client, "predictions", progress)) {
            progress.accept("bench calibrate-stream: producing " + predictions + " predictions to " + topic);
            for (int d = 0; d < data.documents(); d++) {
                for (Variant v : Variant.values()) {
                    byte[] value = serializer.serialize(topic, data.prediction(d, v));
                    producer.send(new ProducerRecord<>(topic, data.key(d), value));
                }
                if ((d + 1) % 5000 == 0) {
                    progress.accept("bench calibrate-stream: produced " + 2 * (d + 1) + "/" + predictions);
                }
            }
            producer.flush();
        }
    }
}
