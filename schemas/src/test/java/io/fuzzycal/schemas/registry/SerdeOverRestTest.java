package io.fuzzycal.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.schemas.Topics;
import io.fuzzycal.schemas.avro.NewsText;
import io.fuzzycal.schemas.serde.AvroSerde;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The serde configured as a producer and a consumer would be, against a registry over HTTP. */
class SerdeOverRestTest {
    private FakeRegistryServer server;

    @BeforeEach
    void start() throws Exception {
        server = new FakeRegistryServer();
        server.requireAuthorization("Basic dXNlcjpwYXNz"); // user:pass
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private AvroSerde<NewsText> configuredSerde() {
        AvroSerde<NewsText> serde = new AvroSerde<>(NewsText.class);
        serde.configure(Map.of("schema.registry.url", server.url(), "basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", "user:pass"), false);
        return serde;
    }

    @Test
    void eachSideAsksTheRegistryOnceThenUsesItsCache() {
        NewsText first = NewsText.newBuilder().setId("a").setText("one").setSource("test")
                .setPublishedAt(Instant.ofEpochMilli(1)).build();
        NewsText second = NewsText.newBuilder().setId("b").setText("two").setSource("test").build();
        AvroSerde<NewsText> producer = configuredSerde();
        AvroSerde<NewsText> consumer = configuredSerde();

        byte[] a = producer.serializer().serialize(Topics.NEWS_TEXT, first);
        byte[] b = producer.serializer().serialize(Topics.NEWS_TEXT, second);
        assertThat(server.requests()).hasSize(1);

        assertThat(consumer.deserializer().deserialize(Topics.NEWS_TEXT, a)).isEqualTo(first);
        assertThat(consumer.deserializer().deserialize(Topics.NEWS_TEXT, b)).isEqualTo(second);

        assertThat(server.requests()).extracting(r -> r.method() + " " + r.path()).containsExactly(
                "POST /subjects/news.text-value/versions", "GET /schemas/ids/1");
        assertThat(server.requests()).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Basic dXNlcjpwYXNz"));
    }
}
