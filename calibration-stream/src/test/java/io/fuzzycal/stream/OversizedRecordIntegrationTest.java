package io.fuzzycal.stream;

import static io.fuzzycal.stream.StreamFixtures.jsonLabel;
import static io.fuzzycal.stream.StreamFixtures.prediction;
import static io.fuzzycal.stream.StreamFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.devkafka.CommittedTopic;
import io.fuzzycal.schemas.DeadLetterHeaders;
import io.fuzzycal.schemas.DeadLetterSize;
import io.fuzzycal.schemas.Topics;
import io.fuzzycal.schemas.avro.Prediction;
import io.fuzzycal.schemas.avro.Variant;
import io.fuzzycal.schemas.serde.AvroSerializer;
import io.fuzzycal.testkit.KafkaCluster;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A record just under the broker's 1 MiB limit in each input topic, between good records: its
 * dead-letter copy (value plus headers) used to exceed the producer's limit and fail the application
 * with RecordTooLargeException, again after every restart.
 */
class OversizedRecordIntegrationTest {
    private static final int GOOD = 50;

    @RegisterExtension
    static final KafkaCluster KAFKA = new KafkaCluster();

    @Test
    void aOneMebibyteRecordInEachInputIsDeadLetteredWhileGoodRecordsFlow() throws Exception {
        KafkaCluster.Scope scope = KafkaCluster.newRegistryScope();
        Map<String, Object> client = KAFKA.clientProperties();
        AvroSerializer<Prediction> predictions = new AvroSerializer<>(scope.registry());
        CalibrationStreamConfig config = CalibrationStreamConfig.defaults(1)
                .withLabelDelay(Duration.ofHours(1), Duration.ofMinutes(10))
                .withPolicy(StreamFixtures.policy("temperature", 1_000, 1_000_000, Duration.ofHours(1)));
        CalibrationStreamService.Settings settings = new CalibrationStreamService.Settings(KAFKA.bootstrapServers(),
                Map.of(), "it-oversized", KAFKA.stateDir("oversized"), 1, (short) 1, 1, "it-0");
        List<StreamFixtures.Doc> docs = StreamFixtures.synthetic("d", 2 * GOOD, 3);
        MeterRegistry meters = new SimpleMeterRegistry();
        Map<String, Object> producerConfig = new HashMap<>(client);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");

        try (CalibrationStreamService service = CalibrationStreamService.start(settings, config, scope.registry(), meters);
             KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer())) {
            assertThat(service.awaitRunning(Duration.ofSeconds(60))).as("streams running").isTrue();
            byte[] huge = new byte[1_048_400];
            java.util.Arrays.fill(huge, (byte) 'y');
            for (int i = 0; i < docs.size(); i++) {
                if (i == GOOD) {
                    producer.send(new ProducerRecord<>(Topics.PREDICTIONS, utf8("huge-p"), huge)).get(30, TimeUnit.SECONDS);
                    producer.send(new ProducerRecord<>(Topics.FEEDBACK, utf8("huge-f"), huge)).get(30, TimeUnit.SECONDS);
                }
                StreamFixtures.Doc d = docs.get(i);
                producer.send(new ProducerRecord<>(Topics.PREDICTIONS, utf8(d.id()),
                        predictions.serialize(Topics.PREDICTIONS, prediction(d.id(), Variant.FP32, d.fp32()))));
                producer.send(new ProducerRecord<>(Topics.PREDICTIONS, utf8(d.id()),
                        predictions.serialize(Topics.PREDICTIONS, prediction(d.id(), Variant.INT4, d.int4()))));
            }
            producer.flush();
            for (StreamFixtures.Doc d : docs) {
                producer.send(new ProducerRecord<>(Topics.FEEDBACK, utf8(d.id()), utf8(jsonLabel(d.id(), d.label()))));
            }
            producer.flush();

            for (String input : List.of(Topics.PREDICTIONS, Topics.FEEDBACK)) {
                List<ConsumerRecord<byte[], byte[]>> dead =
                        CommittedTopic.read(client, Topics.deadLetter(input), 1, Duration.ofSeconds(30));
                assertThat(dead).as("%s: the big record in its DLQ within seconds", input).hasSize(1);
                assertThat(DeadLetterHeaders.text(dead.get(0).headers(), DeadLetterHeaders.REASON)).isEqualTo("TOO_LARGE");
                assertThat(dead.get(0).value()).hasSize(DeadLetterSize.KEPT_BYTES);
                assertThat(DeadLetterHeaders.text(dead.get(0).headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(input);
            }
            assertThat(CommittedTopic.read(client, Topics.CALIBRATED, 2 * docs.size(), Duration.ofSeconds(60)))
                    .as("every good prediction calibrated").hasSize(2 * docs.size());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (counter(meters, "matched") < docs.size() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(counter(meters, "matched")).as("every good label joined").isEqualTo(docs.size());
            assertThat(service.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    private static double counter(MeterRegistry meters, String outcome) {
        Counter c = meters.find("fuzzycal.calibration.feedback").tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }
}
