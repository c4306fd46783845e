package io.fuzzycal.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.schemas.Topics;
import io.fuzzycal.schemas.avro.Feedback;
import io.fuzzycal.schemas.registry.InMemorySchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The exact bytes a Confluent deserializer expects, derived by hand from the Avro specification. */
class GoldenRecordTest {
    private static final String SCOPE = "golden";

    @AfterEach
    void drop() {
        InMemorySchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void feedbackSerializesToTheseExactBytes() throws Exception {
        AvroSerde<Feedback> serde = new AvroSerde<>(Feedback.class);
        serde.configure(Map.of("schema.registry.url", "mock://" + SCOPE), false);

        byte[] bytes = serde.serializer().serialize(Topics.FEEDBACK, Samples.feedback());

        // Confluent header: magic byte 0, then schema id 1 as a 4-byte big-endian int.
        assertThat(Arrays.copyOfRange(bytes, 0, 5)).containsExactly(0x00, 0x00, 0x00, 0x00, 0x01);
        // Avro binary, fields in schema order; ints and longs are zig-zag varints, strings are a
        // length (zig-zag varint) then UTF-8, a union is its branch index then the value.
        String avro = ""
                + "0a" + "646f632d31"           // documentId: length 5 -> 0x0a, "doc-1"
                + "04"                          // label: 2 -> zig-zag 4
                + "02" + "10" + "706f736974697665" // labelName: branch 1 (string), length 8 -> 0x10, "positive"
                + "80a0abfef962"                // labelledAt: 1_700_000_000_000 ms -> zig-zag 3_400_000_000_000, 7-bit groups low first
                + "08" + "74657374";            // source: length 4 -> 0x08, "test"
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("0000000001" + avro);

        // and the payload is what Avro's own encoder writes for the record
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(plain, null);
        new SpecificDatumWriter<>(Feedback.class).write(Samples.feedback(), encoder);
        encoder.flush();
        assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).isEqualTo(plain.toByteArray());
    }

    @Test
    void schemaIdsAboveOneByteAreBigEndian() {
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(SCOPE);
        // fill ids 1..257 so the next schema gets 258 = 0x00000102
        for (int i = 0; i < 257; i++) {
            registry.register("filler" + i + "-value", org.apache.avro.SchemaBuilder.record("Filler" + i).fields()
                    .optionalString("f" + i).endRecord());
        }
        AvroSerde<Feedback> serde = new AvroSerde<>(Feedback.class, registry);

        byte[] bytes = serde.serializer().serialize(Topics.FEEDBACK, Samples.feedback());

        assertThat(Arrays.copyOfRange(bytes, 0, 5)).containsExactly(0x00, 0x00, 0x00, 0x01, 0x02);
        assertThat(ConfluentWireFormat.schemaId(bytes)).isEqualTo(258);
        assertThat(serde.deserializer().deserialize(Topics.FEEDBACK, bytes)).isEqualTo(Samples.feedback());
    }
}
