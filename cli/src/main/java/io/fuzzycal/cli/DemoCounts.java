package io.fuzzycal.cli;

import io.fuzzycal.schemas.DeadLetterHeaders;
import io.fuzzycal.schemas.Topics;
import io.fuzzycal.schemas.avro.CalibratedPrediction;
import io.fuzzycal.schemas.avro.Prediction;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.schemas.serde.AvroDeserializer;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a read_committed reader finds on the demo's topics at the end: texts in, predictions and
 * calibrated predictions per variant (records and distinct documents, so a duplicate shows), labels,
 * and every dead-letter topic's records. The demo's summary checks that they balance.
 *
 * @param deadLetters dead letters by "topic reason (service)", for the topics that have any
 */
record DemoCounts(long texts, Map<String, Long> predictions, Map<String, Long> predictedDocuments,
                  Map<String, Long> calibrated, Map<String, Long> calibratedDocuments, long labels,
                  Map<String, Long> deadLetters) {

    static final List<String> INPUTS = List.of(Topics.NEWS_TEXT, Topics.PREDICTIONS, Topics.FEEDBACK, Topics.CALIBRATED);

    /** Reads every topic to its last committed record. */
    static DemoCounts read(Map<String, Object> client, SchemaRegistry registry) {
        AvroDeserializer<Prediction> predictionReader = new AvroDeserializer<>(Prediction.class, registry);
        AvroDeserializer<CalibratedPrediction> calibratedReader = new AvroDeserializer<>(CalibratedPrediction.class, registry);
        Map<String, Long> predictions = new TreeMap<>();
        Map<String, Set<String>> predictedIds = new HashMap<>();
        Map<String, Long> calibrated = new TreeMap<>();
        Map<String, Set<String>> calibratedIds = new HashMap<>();
        long texts = count(client, Topics.NEWS_TEXT, r -> { });
        count(client, Topics.PREDICTIONS, r -> {
            Prediction p = predictionReader.deserialize(Topics.PREDICTIONS, r.value());
            predictions.merge(p.getVariant().name(), 1L, Long::sum);
            predictedIds.computeIfAbsent(p.getVariant().name(), v -> new HashSet<>()).add(p.getDocumentId());
        });
        count(client, Topics.CALIBRATED, r -> {
            CalibratedPrediction c = calibratedReader.deserialize(Topics.CALIBRATED, r.value());
            calibrated.merge(c.getVariant().name(), 1L, Long::sum);
            calibratedIds.computeIfAbsent(c.getVariant().name(), v -> new HashSet<>()).add(c.getDocumentId());
        });
        long labels = count(client, Topics.FEEDBACK, r -> { });
        Map<String, Long> deadLetters = new TreeMap<>();
        for (String topic : INPUTS) {
            String dlq = Topics.deadLetter(topic);
            count(client, dlq, r -> deadLetters.merge(dlq + " " + DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.REASON)
                    + " (" + DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.SERVICE) + ")", 1L, Long::sum));
        }
        return new DemoCounts(texts, predictions, sizes(predictedIds), calibrated, sizes(calibratedIds), labels, deadLetters);
    }

    /**
     * Whether every readable text has exactly one prediction and one calibrated prediction per variant;
     * unreadable texts are in news.text.dlq instead.
     */
    boolean balanced(List<String> variants) {
        String textDeadLetters = Topics.deadLetter(Topics.NEWS_TEXT) + " ";
        long scorable = texts - deadLetters.entrySet().stream().filter(e -> e.getKey().startsWith(textDeadLetters))
                .mapToLong(Map.Entry::getValue).sum();
        for (String v : variants) {
            if (predictions.getOrDefault(v, 0L) != scorable || predictedDocuments.getOrDefault(v, 0L) != scorable
                    || calibrated.getOrDefault(v, 0L) != scorable || calibratedDocuments.getOrDefault(v, 0L) != scorable) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Long> sizes(Map<String, Set<String>> ids) {
        Map<String, Long> sizes = new TreeMap<>();
        ids.forEach((k, v) -> sizes.put(k, (long) v.size()));
        return sizes;
    }

    /** Records of {@code topic} up to its last stable offset, each given to {@code each}; 0 when it does not exist. */
    private static long count(Map<String, Object> client, String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "fuzzycal-demo-counts");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            var infos = consumer.listTopics(Duration.ofSeconds(10)).get(topic);
            if (infos == null) {
                return 0;
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long n = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end in 60 s");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    each.accept(r);
                    n++;
                }
            }
            return n;
        }
    }

    /** Dead letters as {@code topic=n, ...}, or "none". */
    String deadLetterSummary() {
        if (deadLetters.isEmpty()) {
            return "none";
        }
        StringBuilder s = new StringBuilder();
        deadLetters.forEach((t, n) -> s.append(s.length() == 0 ? "" : ", ").append(t).append('=').append(n));
        return s.toString();
    }
}
