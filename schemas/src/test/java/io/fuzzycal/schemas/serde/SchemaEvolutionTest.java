package io.fuzzycal.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.schemas.Topics;
import io.fuzzycal.schemas.avro.Prediction;
import io.fuzzycal.schemas.registry.InMemorySchemaRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A newer release adds an optional field to Prediction (test resource evolution/Prediction-v2.avsc).
 * Old and new services must keep reading each other's records, through the registry, both ways.
 */
class SchemaEvolutionTest {
    private static final String SCOPE = "evolution";
    private static final Map<String, String> CONFIG = Map.of("schema.registry.url", "mock://" + SCOPE);

    @AfterEach
    void drop() {
        InMemorySchemaRegistry.dropScope(SCOPE);
    }

    private static Schema v2() throws IOException {
        try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream("/evolution/Prediction-v2.avsc")) {
            return new Schema.Parser().parse(in);
        }
    }

    private static GenericRecord v2Record(Schema v2) {
        Prediction p = Samples.prediction();
        return new GenericRecordBuilder(v2).set("documentId", p.getDocumentId()).set("modelId", p.getModelId())
                .set("variant", new GenericData.EnumSymbol(v2.getField("variant").schema(), "INT4"))
                .set("labels", p.getLabels()).set("probabilities", p.getProbabilities()).set("logits", p.getLogits())
                .set("modelLatencyMicros", p.getModelLatencyMicros()).set("batchSize", p.getBatchSize())
                .set("producedAt", p.getProducedAt().toEpochMilli()).set("executionProvider", "CUDA").build();
    }

    @Test
    void anOldReaderReadsRecordsOfANewerWriter() throws IOException {
        AvroSerde<Prediction> old = new AvroSerde<>(Prediction.class);
        old.configure(CONFIG, false);
        old.serializer().serialize(Topics.PREDICTIONS, Samples.prediction()); // today's schema: version 1
        GenericAvroSerde newer = new GenericAvroSerde();
        newer.configure(CONFIG, false);

        byte[] bytes = newer.serializer().serialize(Topics.PREDICTIONS, v2Record(v2()));
        Prediction read = old.deserializer().deserialize(Topics.PREDICTIONS, bytes);

        assertThat(ConfluentWireFormat.schemaId(bytes)).isEqualTo(2);
        assertThat(InMemorySchemaRegistry.forScope(SCOPE).latest(Topics.PREDICTIONS + "-value").version()).isEqualTo(2);
        assertThat(read).isEqualTo(Samples.prediction()); // the added field is skipped
    }

    @Test
    @SuppressWarnings("unchecked")
    void aNewReaderFillsTheAddedFieldWithItsDefault() throws IOException {
        AvroSerde<Prediction> old = new AvroSerde<>(Prediction.class);
        old.configure(CONFIG, false);
        GenericAvroSerde newer = new GenericAvroSerde(v2());
        newer.configure(CONFIG, false);

        byte[] bytes = old.serializer().serialize(Topics.PREDICTIONS, Samples.prediction());
        GenericRecord read = newer.deserializer().deserialize(Topics.PREDICTIONS, bytes);

        assertThat(read.getSchema()).isEqualTo(v2());
        assertThat(read.get("executionProvider")).isNull();
        assertThat(read.get("documentId").toString()).isEqualTo("doc-1");
        assertThat((List<Object>) read.get("logits")).containsExactly(-1.5f, 0.25f, 2.0f);
        assertThat(read.get("variant").toString()).isEqualTo("INT4");
    }
}
