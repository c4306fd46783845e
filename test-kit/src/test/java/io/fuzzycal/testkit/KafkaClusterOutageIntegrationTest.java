package io.fuzzycal.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.devkafka.CommittedTopic;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An outage as the fault tests make one: the broker stops and starts again on the same address and
 * data, the registry keeps answering, and a client that kept running through it carries on.
 */
class KafkaClusterOutageIntegrationTest {
    @RegisterExtension
    static final KafkaCluster KAFKA = new KafkaCluster().withHttpRegistry();

    @Test
    void theBrokerStopsAndStartsOnItsAddressKeepingItsRecords() throws Exception {
        String address = KAFKA.bootstrapServers();
        Map<String, Object> client = KAFKA.clientProperties();
        TestClients.createTopic(client, "outage", 2);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(client, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>("outage", "before", "1")).get(30, TimeUnit.SECONDS);

            KAFKA.stopBroker();
            assertThat(KAFKA.bootstrapServers()).as("known while it is down").isEqualTo(address);
            long stopped = System.nanoTime();
            FutureTask<Void> restart = new FutureTask<>(() -> {
                Thread.sleep(5_000);
                KAFKA.startBroker();
                return null;
            });
            new Thread(restart, "broker-restart").start();
            // sent during the outage (send may block for the metadata): delivered once the broker is back
            Future<RecordMetadata> during = producer.send(new ProducerRecord<>("outage", "during", "2"));
            during.get(60, TimeUnit.SECONDS);
            restart.get(60, TimeUnit.SECONDS);
            assertThat(System.nanoTime() - stopped).as("delivered after the outage").isGreaterThan(5_000_000_000L);
            assertThat(KAFKA.bootstrapServers()).isEqualTo(address);
        }
        assertThat(CommittedTopic.countByKey(KAFKA.clientProperties(), "outage"))
                .isEqualTo(Map.of("before", 1, "during", 1));
        assertThat(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(KAFKA.registryUrl() + "/subjects")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
    }
}
