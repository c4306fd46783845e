package io.fuzzycal.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.schemas.avro.CalibratedPrediction;
import io.fuzzycal.schemas.avro.CalibrationMetrics;
import io.fuzzycal.schemas.avro.CalibratorModel;
import io.fuzzycal.schemas.avro.DriftAlert;
import io.fuzzycal.schemas.avro.Feedback;
import io.fuzzycal.schemas.avro.NewsText;
import io.fuzzycal.schemas.avro.Prediction;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rules every topic-value schema keeps. The published copies in src/test/resources/published are
 * the schemas as released; a change must stay FULL compatible with them (old readers read new data
 * and new readers read old data), which in practice means: add fields only as optional with a
 * default, never remove or retype one. Refresh the copies when a release publishes the change.
 */
class SchemaContractTest {

    static Stream<Schema> topicValues() {
        return Stream.of(NewsText.SCHEMA$, Prediction.SCHEMA$, Feedback.SCHEMA$, CalibratedPrediction.SCHEMA$,
                CalibratorModel.SCHEMA$, CalibrationMetrics.SCHEMA$, DriftAlert.SCHEMA$);
    }

    @ParameterizedTest
    @MethodSource("topicValues")
    void everyTypeAndFieldIsDocumented(Schema schema) {
        List<String> undocumented = new ArrayList<>();
        collectUndocumented(schema, new HashSet<>(), undocumented);
        assertThat(undocumented).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("topicValues")
    void staysFullyCompatibleWithThePublishedSchema(Schema schema) throws IOException {
        Schema published = published(schema.getName());

        assertThat(compatibility(schema, published)).as("today's reader, published writer").isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(compatibility(published, schema)).as("published reader, today's writer").isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @ParameterizedTest
    @MethodSource("topicValues")
    void acceptsAnAddedOptionalField(Schema schema) {
        List<Schema.Field> fields = new ArrayList<>();
        schema.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(new Schema.Field("addedLater",
                Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                "A field a later release adds.", JsonProperties.NULL_VALUE));
        Schema evolved = Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);

        assertThat(compatibility(schema, evolved)).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(compatibility(evolved, schema)).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    private static SchemaCompatibilityType compatibility(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType();
    }

    private static Schema published(String name) throws IOException {
        try (InputStream in = SchemaContractTest.class.getResourceAsStream("/published/" + name + ".avsc")) {
            assertThat(in).as("published copy of " + name).isNotNull();
            return new Schema.Parser().parse(in);
        }
    }

    private static void collectUndocumented(Schema schema, Set<String> seen, List<String> out) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!seen.add(schema.getFullName())) {
                    return;
                }
                if (isBlank(schema.getDoc())) {
                    out.add(schema.getFullName());
                }
                for (Schema.Field field : schema.getFields()) {
                    if (isBlank(field.doc())) {
                        out.add(schema.getFullName() + "." + field.name());
                    }
                    collectUndocumented(field.schema(), seen, out);
                }
            }
            case ENUM -> {
                if (seen.add(schema.getFullName()) && isBlank(schema.getDoc())) {
                    out.add(schema.getFullName());
                }
            }
            case ARRAY -> collectUndocumented(schema.getElementType(), seen, out);
            case MAP -> collectUndocumented(schema.getValueType(), seen, out);
            case UNION -> schema.getTypes().forEach(t -> collectUndocumented(t, seen, out));
            default -> {
            }
        }
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
