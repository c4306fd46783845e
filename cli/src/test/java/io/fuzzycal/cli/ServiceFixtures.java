package io.fuzzycal.cli;

import io.fuzzycal.cli.broker.EmbeddedKafkaBroker;
import io.fuzzycal.inference.DefaultModel;
import io.fuzzycal.inference.LinearHead;
import io.fuzzycal.inference.ModelBundle;
import io.fuzzycal.inference.ModelQuantizer;
import io.fuzzycal.inference.ProgressListener;
import io.fuzzycal.inference.TrainedHead;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** What the service integration tests share: bundles, a broker, reading a topic back. */
final class ServiceFixtures {
    private ServiceFixtures() {
    }

    /** The default bundle from the committed head, with the real INT4 twin, kept in target/ between runs. */
    static ModelBundle defaultBundle() throws IOException {
        return DefaultModel.ensureBuilt(Path.of("target", "test-bundles", DefaultModel.BUNDLE_NAME),
                ModelQuantizer.installed(), ProgressListener.SILENT);
    }

    /**
     * The default bundle with its logits tripled: the same encoder and data, but a model that is
     * clearly over-confident, as fine-tuned transformers usually are, so that calibration has error
     * to remove (the default head is already close to calibrated). With its real INT4 twin.
     */
    static ModelBundle overconfidentBundle(Path dir) throws IOException {
        TrainedHead committed = TrainedHead.committed();
        double[][] w = committed.head().weights();
        double[] b = committed.head().bias();
        for (int k = 0; k < b.length; k++) {
            b[k] *= 3;
            for (int j = 0; j < w[k].length; j++) {
                w[k][j] *= 3;
            }
        }
        TrainedHead sharp = new TrainedHead(committed.modelId(), committed.labels(), new LinearHead(w, b), committed.facts());
        return DefaultModel.build(dir, sharp, true, ModelQuantizer.installed(), ProgressListener.SILENT);
    }

    /** A plaintext embedded broker on a free port, its data in {@code dir}. */
    static EmbeddedKafkaBroker broker(Path dir) throws Exception {
        return EmbeddedKafkaBroker.builder().dataDir(dir.resolve("kafka")).port(0).start();
    }

    /** Every committed record of {@code topic}, waiting until {@code expected} are there, then 2 s for extras. */
    static List<ConsumerRecord<byte[], byte[]>> readCommitted(Map<String, Object> client, String topic, int expected) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (System.nanoTime() < settle) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /**
     * The sum of {@code topic}'s end offsets for a read_committed reader: the committed records plus
     * the transaction markers, so an upper bound of the records a reader sees.
     */
    static long committedEndOffsets(Map<String, Object> client, String topic) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return consumer.endOffsets(partitions(consumer, topic)).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        return consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
    }
}
