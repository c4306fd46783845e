package io.fuzzycal.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.schemas.Topics;
import io.fuzzycal.schemas.avro.Prediction;
import io.fuzzycal.schemas.registry.InMemorySchemaRegistry;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RoundTripTest {
    private static final String SCOPE = "round-trip";
    private static final Map<String, String> CONFIG = Map.of("schema.registry.url", "mock://" + SCOPE);

    @AfterEach
    void drop() {
        InMemorySchemaRegistry.dropScope(SCOPE);
    }

    static Stream<SpecificRecord> records() {
        return Stream.of(Samples.newsText(), Samples.bareNewsText(), Samples.prediction(), Samples.feedback(),
                Samples.calibratedPrediction(), Samples.calibratorModel(), Samples.firstCalibratorModel(),
                Samples.calibrationMetrics(), Samples.driftAlert());
    }

    @ParameterizedTest
    @MethodSource("records")
    <T extends SpecificRecord> void everyTopicValueSurvivesARoundTrip(T record) {
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) record.getClass();
        AvroSerde<T> serde = new AvroSerde<>(type);
        serde.configure(CONFIG, false);

        byte[] bytes = serde.serializer().serialize("topic-of-" + type.getSimpleName(), record);
        T back = serde.deserializer().deserialize("topic-of-" + type.getSimpleName(), bytes);

        assertThat(back).isEqualTo(record).isNotSameAs(record);
        assertThat(ConfluentWireFormat.isFramed(bytes)).isTrue();
    }

    @Test
    void aDeserializerConfiguredByClassNameReadsGenericOrSpecificRecords() {
        byte[] bytes = new AvroSerde<>(Prediction.class, InMemorySchemaRegistry.forScope(SCOPE)).serializer()
                .serialize(Topics.PREDICTIONS, Samples.prediction());

        AvroDeserializer<Object> generic = new AvroDeserializer<>();
        generic.configure(CONFIG, false);
        AvroDeserializer<Object> specific = new AvroDeserializer<>();
        specific.configure(Map.of("schema.registry.url", "mock://" + SCOPE, "specific.avro.reader", "true"), false);

        Object asGeneric = generic.deserialize(Topics.PREDICTIONS, bytes);
        assertThat(asGeneric).isInstanceOf(GenericRecord.class).isNotInstanceOf(Prediction.class);
        GenericRecord record = (GenericRecord) asGeneric;
        assertThat(record.get("documentId").toString()).isEqualTo("doc-1");
        assertThat(record.get("producedAt")).isEqualTo(Samples.T0.plusMillis(123).toEpochMilli());
        assertThat((List<?>) record.get("labels")).hasSize(3);
        assertThat(specific.deserialize(Topics.PREDICTIONS, bytes)).isEqualTo(Samples.prediction());
    }

    @Test
    void genericRecordsWriteTheSameBytesAsGeneratedOnes() {
        SchemaRegistry registry = InMemorySchemaRegistry.forScope(SCOPE);
        byte[] specific = new AvroSerde<>(Prediction.class, registry).serializer()
                .serialize(Topics.PREDICTIONS, Samples.prediction());
        GenericAvroSerde generic = new GenericAvroSerde();
        generic.configure(CONFIG, false);

        GenericRecord record = generic.deserializer().deserialize(Topics.PREDICTIONS, specific);
        byte[] again = generic.serializer().serialize(Topics.PREDICTIONS, record);

        assertThat(again).isEqualTo(specific);
    }

    @Test
    void keysGoUnderTheKeySubject() {
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(SCOPE);
        AvroSerde<Prediction> serde = new AvroSerde<>(Prediction.class);
        serde.configure(CONFIG, true);

        serde.serializer().serialize(Topics.PREDICTIONS, Samples.prediction());

        assertThat(registry.subjects()).containsExactly("sentiment.predictions-key");
    }

    @Test
    void nullIsATombstone() {
        AvroSerde<Prediction> serde = new AvroSerde<>(Prediction.class);
        serde.configure(CONFIG, false);

        assertThat(serde.serializer().serialize(Topics.PREDICTIONS, null)).isNull();
        assertThat(serde.deserializer().deserialize(Topics.PREDICTIONS, null)).isNull();
    }

    @Test
    void theSerdeTrustsTheGeneratedPackageForAvro() {
        new AvroSerde<>(Prediction.class);

        assertThat(List.of(System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES").split(",")))
                .contains("io.fuzzycal.schemas.avro");
    }
}
