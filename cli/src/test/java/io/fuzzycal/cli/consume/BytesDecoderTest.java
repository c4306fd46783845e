package io.fuzzycal.cli.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fuzzycal.cli.DurationConverter;
import io.fuzzycal.schemas.avro.Feedback;
import io.fuzzycal.schemas.registry.InMemorySchemaRegistry;
import io.fuzzycal.schemas.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class BytesDecoderTest {
    private static final String SCOPE = "bytes-decoder-test";
    private final List<String> warnings = new ArrayList<>();

    @AfterEach
    void dropScope() {
        InMemorySchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void decodesAvroThroughTheRegistryIntoAvroJson() {
        byte[] bytes;
        try (AvroSerde<Feedback> serde = new AvroSerde<>(Feedback.class)) {
            serde.configure(Map.of("schema.registry.url", "mock://" + SCOPE), false);
            bytes = serde.serializer().serialize("sentiment.feedback", Feedback.newBuilder().setDocumentId("d1")
                    .setLabel(2).setLabelledAt(Instant.ofEpochMilli(5)).setSource("test").build());
        }
        DecodedBytes decoded = new BytesDecoder(InMemorySchemaRegistry.forScope(SCOPE), warnings::add).decode(bytes);
        assertThat(decoded.format()).isEqualTo("avro");
        assertThat(decoded.json().path("documentId").asText()).isEqualTo("d1");
        assertThat(decoded.json().path("label").asInt()).isEqualTo(2);
        assertThat(warnings).isEmpty();
    }

    @Test
    void avroWithoutARegistryOrWithAnUnknownIdIsBase64WithOneWarning() {
        byte[] framed = {0, 0, 0, 0, 42, 2, 'x'};
        BytesDecoder withoutRegistry = new BytesDecoder(null, warnings::add);
        assertThat(withoutRegistry.decode(framed).format()).isEqualTo("base64");
        assertThat(withoutRegistry.decode(framed).json().asText()).isEqualTo("AAAAACoCeA==");
        BytesDecoder unknownId = new BytesDecoder(InMemorySchemaRegistry.forScope(SCOPE), warnings::add);
        assertThat(unknownId.decode(framed).format()).isEqualTo("base64");
        assertThat(unknownId.decode(framed).format()).isEqualTo("base64");
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).contains("no schema registry");
        assertThat(warnings.get(1)).contains("schema id 42");
    }

    @Test
    void textIsTextAndInvalidUtf8IsBase64() {
        BytesDecoder decoder = new BytesDecoder(null, warnings::add);
        assertThat(decoder.decode("{\"id\": 1} ü".getBytes(StandardCharsets.UTF_8)).json().asText()).isEqualTo("{\"id\": 1} ü");
        assertThat(decoder.decode(new byte[] {(byte) 0xc3, 0x28}).format()).isEqualTo("base64");
        assertThat(decoder.decode(new byte[0]).format()).isEqualTo("text");
        assertThat(decoder.decode(null)).isEqualTo(DecodedBytes.NULL);
    }

    @Test
    void durationsReadLikeKafkaUsersWriteThem() {
        DurationConverter converter = new DurationConverter();
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(converter.convert("7")).isEqualTo(Duration.ofSeconds(7));
        assertThat(converter.convert("PT1.5S")).isEqualTo(Duration.ofMillis(1500));
        assertThat(converter.convert("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(DurationConverter.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(DurationConverter.format(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(DurationConverter.format(Duration.ofHours(24))).isEqualTo("1d");
        assertThat(DurationConverter.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThatThrownBy(() -> converter.convert("soon"))
                .isInstanceOf(TypeConversionException.class);
    }
}
