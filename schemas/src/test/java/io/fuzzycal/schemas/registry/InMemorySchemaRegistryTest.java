package io.fuzzycal.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fuzzycal.schemas.avro.Feedback;
import io.fuzzycal.schemas.avro.NewsText;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryTest {
    private static final String SCOPE = "in-memory-registry-test";

    @AfterEach
    void drop() {
        InMemorySchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void mockUrlsOfOneScopeShareAnInstance() {
        SchemaRegistry a = SchemaRegistry.fromConfig(Map.of(SchemaRegistryConfig.URL, "mock://" + SCOPE));
        SchemaRegistry b = SchemaRegistry.fromConfig(Map.of(SchemaRegistryConfig.URL, "mock://" + SCOPE));
        SchemaRegistry other = SchemaRegistry.fromConfig(Map.of(SchemaRegistryConfig.URL, "mock://" + SCOPE + "-other"));

        assertThat(a).isSameAs(b).isNotSameAs(other);
        InMemorySchemaRegistry.dropScope(SCOPE + "-other");
    }

    @Test
    void idsAreSequentialFromOneAndBelongToTheSchema() {
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(SCOPE);

        assertThat(registry.register("news.text-value", NewsText.SCHEMA$)).isEqualTo(1);
        assertThat(registry.register("sentiment.feedback-value", Feedback.SCHEMA$)).isEqualTo(2);
        assertThat(registry.register("news.text-value", NewsText.SCHEMA$)).isEqualTo(1);
        // same schema, another subject: same id, as in Confluent's registry
        assertThat(registry.register("copy-value", NewsText.SCHEMA$)).isEqualTo(1);

        assertThat(registry.schemaById(2)).isEqualTo(Feedback.SCHEMA$);
        assertThat(registry.idOf("copy-value", NewsText.SCHEMA$)).isEqualTo(1);
        assertThat(registry.latest("news.text-value")).isEqualTo(
                new RegisteredSchema("news.text-value", 1, 1, NewsText.SCHEMA$));
        assertThat(registry.subjects()).containsExactly("copy-value", "news.text-value", "sentiment.feedback-value");
    }

    @Test
    void repeatedLookupsOfAnInstanceKeepTheIdsOfTheText() {
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(SCOPE);
        Schema plain = SchemaBuilder.record("Thing").fields().requiredString("a").endRecord();
        Schema documented = SchemaBuilder.record("Thing").doc("a documented thing").fields().requiredString("a").endRecord();

        int id = registry.register("thing-value", plain);
        assertThat(registry.register("thing-value", plain)).isEqualTo(id);
        assertThat(registry.idOf("thing-value", plain)).isEqualTo(id);
        // another text is another schema, even where Avro's equals ignores the difference
        int documentedId = registry.register("thing-value", documented);
        assertThat(documentedId).isNotEqualTo(id);
        assertThat(registry.idOf("thing-value", documented)).isEqualTo(documentedId);
        assertThat(registry.register("thing-value", documented)).isEqualTo(documentedId);
        // a new instance of a known text finds its id through the text, under any subject
        Schema parsed = new Schema.Parser().parse(plain.toString());
        assertThat(registry.idOf("thing-value", parsed)).isEqualTo(id);
        assertThat(registry.register("copy-value", parsed)).isEqualTo(id);
        // known under one subject is not known under another
        assertThatThrownBy(() -> registry.idOf("unknown-value", plain)).isInstanceOf(SchemaRegistryException.class);
    }

    @Test
    void droppingAScopeStartsIdsAgain() {
        InMemorySchemaRegistry.forScope(SCOPE).register("a-value", Feedback.SCHEMA$);
        InMemorySchemaRegistry.dropScope(SCOPE);

        assertThat(InMemorySchemaRegistry.forScope(SCOPE).register("b-value", NewsText.SCHEMA$)).isEqualTo(1);
    }

    @Test
    void aNewVersionMustReadWhatThePreviousOneWrote() {
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(SCOPE);
        Schema v1 = SchemaBuilder.record("Thing").fields().requiredString("a").endRecord();
        Schema optionalAdded = SchemaBuilder.record("Thing").fields().requiredString("a")
                .optionalString("b").endRecord();
        Schema requiredAdded = SchemaBuilder.record("Thing").fields().requiredString("a")
                .requiredString("c").endRecord();

        registry.register("thing-value", v1);
        assertThat(registry.register("thing-value", optionalAdded)).isEqualTo(2);
        assertThat(registry.latest("thing-value").version()).isEqualTo(2);
        assertThatThrownBy(() -> registry.register("thing-value", requiredAdded))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA);
                })
                .hasMessageContaining("incompatible").hasMessageContaining("thing-value");
    }

    @Test
    void unknownThingsGiveConfluentErrorCodes() {
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(SCOPE);
        registry.register("news.text-value", NewsText.SCHEMA$);

        assertThatThrownBy(() -> registry.schemaById(7)).isInstanceOfSatisfying(SchemaRegistryException.class,
                e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND));
        assertThatThrownBy(() -> registry.latest("nope-value")).isInstanceOfSatisfying(SchemaRegistryException.class,
                e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND));
        assertThatThrownBy(() -> registry.idOf("news.text-value", Feedback.SCHEMA$))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND));
    }
}
