package io.fuzzycal.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fuzzycal.schemas.avro.CalibratedPrediction;
import io.fuzzycal.schemas.avro.Variant;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.schemas.serde.AvroSerializer;
import io.fuzzycal.testkit.ExternalTool;
import io.fuzzycal.testkit.KafkaCluster;
import io.fuzzycal.testkit.TestClients;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * examples/read-calibrated.mjs, as docs/feeds.md runs it: Confluent's own AvroDeserializer (npm
 * {@code @confluentinc/schemaregistry}) reads a CalibratedPrediction this test wrote through the
 * development Schema Registry over HTTP.
 */
class ReadCalibratedScriptIntegrationTest {
    @RegisterExtension
    static final KafkaCluster KAFKA = new KafkaCluster().withHttpRegistry();
    private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void confluentsDeserializerReadsTheCalibratedRecord() throws Exception {
        String packages = JSON.writeValueAsString(EXAMPLES.resolve("node").toString());
        ExternalTool node = ExternalTool.require("node", "Debian nodejs, then (cd examples/node && npm ci)", "-e",
                "for (const p of ['@confluentinc/schemaregistry', 'kafkajs']) require.resolve(p, {paths: [" + packages
                        + "]})");
        TestClients.createTopic(KAFKA.clientProperties(), "js.calibrated", 2);
        SchemaRegistry registry = SchemaRegistry.fromConfig(Map.of("schema.registry.url", KAFKA.registryUrl()));
        Instant producedAt = Instant.parse("2026-12-04T22:30:15.123Z");
        CalibratedPrediction written = CalibratedPrediction.newBuilder().setDocumentId("doc-42").setModelId("minilm-tfns")
                .setVariant(Variant.INT4).setLabels(List.of("Bearish", "Bullish", "Neutral"))
                .setRawProbabilities(List.of(0.7, 0.2, 0.1)).setCalibratedProbabilities(List.of(0.55, 0.25, 0.2))
                .setCalibratorVersion(3).setCalibratorMethod("fuzzy").setProducedAt(producedAt).build();
        Map<String, Object> config = new HashMap<>(KAFKA.clientProperties());
        config.put("acks", "all");
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            byte[] value = new AvroSerializer<CalibratedPrediction>(registry).serialize("js.calibrated", written);
            producer.send(new ProducerRecord<>("js.calibrated", "doc-42", value)).get();
        }

        ExternalTool.Result r = node.run(null, "", 120, List.of(EXAMPLES.resolve("read-calibrated.mjs").toString(),
                "--bootstrap-servers", KAFKA.bootstrapServers(), "--schema-registry", KAFKA.registryUrl(),
                "--topic", "js.calibrated", "--max", "1", "--timeout", "60s")).orThrow();
        List<String> lines = r.stdout().lines().toList();
        assertThat(lines).as(r.output()).hasSize(1);
        JsonNode read = JSON.readTree(lines.get(0));
        assertThat(read.get("documentId").asText()).isEqualTo("doc-42");
        assertThat(read.get("variant").asText()).isEqualTo("INT4");
        assertThat(read.get("calibratorVersion").asLong()).isEqualTo(3);
        assertThat(read.get("calibratorMethod").asText()).isEqualTo("fuzzy");
        assertThat(JSON.convertValue(read.get("calibrated"), double[].class)).containsExactly(0.55, 0.25, 0.2);
        assertThat(JSON.convertValue(read.get("raw"), double[].class)).containsExactly(0.7, 0.2, 0.1);
        assertThat(read.get("producedAt").asText()).isEqualTo(producedAt.toString());
        assertThat(r.stderr()).contains("1 record(s) from js.calibrated");
    }
}
