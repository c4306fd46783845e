package io.fuzzycal.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fuzzycal.schemas.avro.Feedback;
import io.fuzzycal.schemas.avro.NewsText;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RestSchemaRegistryTest {
    private FakeRegistryServer server;

    @BeforeEach
    void start() throws Exception {
        server = new FakeRegistryServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private SchemaRegistry client(Object... settings) {
        Map<String, Object> config = new HashMap<>();
        config.put(SchemaRegistryConfig.URL, server.url());
        config.put(SchemaRegistryConfig.RETRIES_WAIT_MS, 5);
        config.put(SchemaRegistryConfig.RETRIES_MAX_WAIT_MS, 20);
        for (int i = 0; i < settings.length; i += 2) {
            config.put((String) settings[i], settings[i + 1]);
        }
        return SchemaRegistry.fromConfig(config);
    }

    @Test
    void registersUnderTheSubjectAndCachesTheId() {
        SchemaRegistry registry = client();

        int id = registry.register("news.text-value", NewsText.SCHEMA$);
        int again = registry.register("news.text-value", NewsText.SCHEMA$);

        assertThat(id).isEqualTo(1);
        assertThat(again).isEqualTo(1);
        assertThat(server.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/subjects/news.text-value/versions");
            assertThat(r.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        });
        // the registered id is known to map back to the schema without asking
        assertThat(registry.schemaById(1)).isEqualTo(NewsText.SCHEMA$);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void looksSchemasUpByIdOnceAndByContent() {
        SchemaRegistry writer = client();
        int id = writer.register("sentiment.feedback-value", Feedback.SCHEMA$);
        SchemaRegistry reader = client();

        Schema fetched = reader.schemaById(id);
        reader.schemaById(id);
        int looked = reader.idOf("sentiment.feedback-value", Feedback.SCHEMA$);
        reader.idOf("sentiment.feedback-value", Feedback.SCHEMA$);

        assertThat(fetched).isEqualTo(Feedback.SCHEMA$);
        assertThat(fetched.getField("labelName").doc()).startsWith("Name of the true class");
        assertThat(looked).isEqualTo(id);
        assertThat(server.requests()).extracting(r -> r.method() + " " + r.path()).containsExactly(
                "POST /subjects/sentiment.feedback-value/versions",
                "GET /schemas/ids/1",
                "POST /subjects/sentiment.feedback-value");
    }

    @Test
    void readsTheLatestVersionEveryTime() {
        SchemaRegistry registry = client();
        registry.register("sentiment.feedback-value", Feedback.SCHEMA$);

        RegisteredSchema latest = registry.latest("sentiment.feedback-value");
        registry.latest("sentiment.feedback-value");

        assertThat(latest).isEqualTo(new RegisteredSchema("sentiment.feedback-value", 1, 1, Feedback.SCHEMA$));
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void sendsBasicAuthFromUserInfo() {
        String header = "Basic " + Base64.getEncoder().encodeToString("alice:s3cret:x".getBytes(StandardCharsets.UTF_8));
        server.requireAuthorization(header);

        int id = client(SchemaRegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO",
                SchemaRegistryConfig.USER_INFO, "alice:s3cret:x").register("t-value", NewsText.SCHEMA$);

        assertThat(id).isEqualTo(1);
        assertThat(server.requests()).singleElement().extracting(FakeRegistryServer.Request::authorization)
                .isEqualTo(header);
    }

    @Test
    void sendsBasicAuthFromTheUrlWithoutPuttingItInTheRequestLine() {
        String header = "Basic " + Base64.getEncoder().encodeToString("bob:pw".getBytes(StandardCharsets.UTF_8));
        server.requireAuthorization(header);
        String url = server.url().replace("http://", "http://bob:pw@");

        client(SchemaRegistryConfig.URL, url).register("t-value", NewsText.SCHEMA$);

        assertThat(server.requests()).singleElement().extracting(FakeRegistryServer.Request::authorization)
                .isEqualTo(header);
    }

    @Test
    void wrongCredentialsFailFastWithTheRegistrysAnswer() {
        server.requireAuthorization("Basic nobody");

        assertThatThrownBy(() -> client(SchemaRegistryConfig.USER_INFO, "eve:guess").register("t-value", NewsText.SCHEMA$))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("answered 401").hasMessageContaining("Unauthorized");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void retries503And429ThenSucceeds() {
        server.failNext(503, 50301, "leader election in progress");
        server.failNext(429, 42901, "slow down");

        int id = client().register("t-value", NewsText.SCHEMA$);

        assertThat(id).isEqualTo(1);
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void givesUpAfterTheConfiguredRetries() {
        for (int i = 0; i < 3; i++) {
            server.failNext(503, 50301, "unavailable");
        }

        assertThatThrownBy(() -> client(SchemaRegistryConfig.MAX_RETRIES, 2).register("t-value", NewsText.SCHEMA$))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(503);
                    assertThat(e.errorCode()).isEqualTo(50301);
                })
                .hasMessageContaining("unavailable").hasMessageContaining("gave up after 3 attempts");
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void unknownIdFailsFastWithTheRegistrysMessage() {
        assertThatThrownBy(() -> client().schemaById(99))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
                })
                .hasMessageContaining("Schema 99 not found");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void rejectedSchemaFailsFastWithTheRegistrysMessage() {
        server.failNext(422, 42201, "Invalid schema: bad default");

        assertThatThrownBy(() -> client().register("t-value", NewsText.SCHEMA$))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INVALID_SCHEMA))
                .hasMessageContaining("answered 422 (error_code 42201)").hasMessageContaining("bad default");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void lookupOfAnUnregisteredSchemaNamesTheSubject() {
        assertThatThrownBy(() -> client().idOf("news.text-value", NewsText.SCHEMA$))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND))
                .hasMessageContaining("Subject 'news.text-value' not found");
    }

    @Test
    void speaksToARegistryUnderAPathPrefix() throws Exception {
        try (FakeRegistryServer apicurio = new FakeRegistryServer("/apis/ccompat/v7")) {
            SchemaRegistry registry = SchemaRegistry.fromConfig(Map.of(SchemaRegistryConfig.URL, apicurio.url() + "/"));

            assertThat(registry.register("t-value", NewsText.SCHEMA$)).isEqualTo(1);
            assertThat(apicurio.requests()).singleElement().extracting(FakeRegistryServer.Request::path)
                    .isEqualTo("/subjects/t-value/versions");
        }
    }

    @Test
    void retriesAnUnreachableRegistryOnTheNextUrl() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SchemaRegistry registry = client(SchemaRegistryConfig.URL,
                "http://127.0.0.1:" + closedPort + "," + server.url());

        assertThat(registry.register("t-value", NewsText.SCHEMA$)).isEqualTo(1);
    }

    @Test
    void reportsAnUnreachableRegistryAfterRetrying() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SchemaRegistry registry = client(SchemaRegistryConfig.URL, "http://127.0.0.1:" + closedPort,
                SchemaRegistryConfig.MAX_RETRIES, 1);

        assertThatThrownBy(() -> registry.schemaById(1))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isZero())
                .hasMessageContaining("unreachable").hasMessageContaining("after 2 attempt(s)");
    }
}
