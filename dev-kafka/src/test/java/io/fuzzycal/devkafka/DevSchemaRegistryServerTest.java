package io.fuzzycal.devkafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fuzzycal.schemas.avro.NewsText;
import io.fuzzycal.schemas.serde.AvroSerde;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry's REST API and id rules over a schema log in memory (no broker: see the integration test). */
class DevSchemaRegistryServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Schema V1 = SchemaBuilder.record("Thing").namespace("test").fields()
            .requiredString("name").endRecord();
    private static final Schema V2 = SchemaBuilder.record("Thing").namespace("test").fields()
            .requiredString("name").optionalInt("size").endRecord();
    private static final Schema INCOMPATIBLE = SchemaBuilder.record("Thing").namespace("test").fields()
            .requiredString("name").requiredLong("weight").endRecord();

    private final ListSchemaLog log = new ListSchemaLog();
    private DevSchemaRegistryServer server;

    @BeforeEach
    void start() throws Exception {
        server = DevSchemaRegistryServer.start(log, "127.0.0.1", 0);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void servesTheSerde() {
        try (AvroSerde<NewsText> serde = new AvroSerde<>(NewsText.class)) {
            serde.configure(Map.of("schema.registry.url", server.url()), false);
            NewsText text = NewsText.newBuilder().setId("d1").setText("ACME beats").setSource("test").build();
            byte[] bytes = serde.serializer().serialize("news.text", text);
            assertThat(serde.deserializer().deserialize("news.text", bytes)).isEqualTo(text);
        }
        assertThat(log.records()).singleElement().satisfies(r -> {
            assertThat(r.subject()).isEqualTo("news.text-value");
            assertThat(r.id()).isEqualTo(1);
            assertThat(r.version()).isEqualTo(1);
        });
    }

    @Test
    void answersLikeConfluentsRegistry() throws Exception {
        assertThat(post("/subjects/a-value/versions", V1).path("id").asInt()).isEqualTo(1);
        assertThat(post("/subjects/a-value/versions", V1).path("id").asInt()).isEqualTo(1);
        assertThat(post("/subjects/a-value/versions", V2).path("id").asInt()).isEqualTo(2);
        // The same schema under another subject keeps its id, as in Confluent's registry.
        assertThat(post("/subjects/b%2Fvalue/versions", V1).path("id").asInt()).isEqualTo(1);

        assertThat(get("/subjects").toString()).isEqualTo("[\"a-value\",\"b/value\"]");
        assertThat(get("/subjects/a-value/versions").toString()).isEqualTo("[1,2]");
        JsonNode latest = get("/subjects/a-value/versions/latest");
        assertThat(latest.path("version").asInt()).isEqualTo(2);
        assertThat(latest.path("id").asInt()).isEqualTo(2);
        assertThat(new Schema.Parser().parse(latest.path("schema").asText())).isEqualTo(V2);
        assertThat(get("/subjects/a-value/versions/1").path("id").asInt()).isEqualTo(1);
        assertThat(new Schema.Parser().parse(get("/schemas/ids/2").path("schema").asText())).isEqualTo(V2);
        JsonNode lookup = post("/subjects/a-value", V1);
        assertThat(lookup.path("version").asInt()).isEqualTo(1);
        assertThat(lookup.path("id").asInt()).isEqualTo(1);
        assertThat(get("/config").path("compatibilityLevel").asText()).isEqualTo("BACKWARD");
        assertThat(log.records()).hasSize(3);
    }

    @Test
    void answersErrorsWithConfluentsCodes() throws Exception {
        post("/subjects/a-value/versions", V1);
        assertError(send("POST", "/subjects/a-value/versions", body(INCOMPATIBLE)), 409, 409);
        assertError(send("POST", "/subjects/a-value/versions", "{\"schema\":\"{not avro\"}"), 422, 42201);
        assertError(send("POST", "/subjects/a-value/versions",
                "{\"schema\":\"syntax = \\\"proto3\\\";\",\"schemaType\":\"PROTOBUF\"}"), 422, 42201);
        assertError(send("POST", "/subjects/a-value/versions", "not json"), 400, 400);
        assertError(send("GET", "/subjects/nobody/versions/latest", null), 404, 40401);
        assertError(send("POST", "/subjects/a-value", body(V2)), 404, 40403);
        assertError(send("GET", "/subjects/a-value/versions/7", null), 404, 40402);
        assertError(send("GET", "/subjects/a-value/versions/first", null), 422, 42202);
        assertError(send("GET", "/schemas/ids/99", null), 404, 40403);
        assertError(send("GET", "/nowhere", null), 404, 404);
        assertError(send("DELETE", "/subjects", null), 405, 405);
        assertThat(log.records()).hasSize(1);
    }

    @Test
    void reopeningTheLogKeepsIdsAndVersions() throws Exception {
        post("/subjects/a-value/versions", V1);
        post("/subjects/a-value/versions", V2);
        post("/subjects/b-value/versions", V2);
        server.close();

        server = DevSchemaRegistryServer.start(log, "127.0.0.1", 0);
        assertThat(get("/subjects/b-value/versions/latest").path("id").asInt()).isEqualTo(2);
        assertThat(new Schema.Parser().parse(get("/schemas/ids/1").path("schema").asText())).isEqualTo(V1);
        assertThat(post("/subjects/a-value/versions", V2).path("id").asInt()).isEqualTo(2);
        assertThat(post("/subjects/c-value/versions", INCOMPATIBLE).path("id").asInt()).isEqualTo(3);
        assertThat(log.records()).hasSize(4);
    }

    @Test
    void aFailedWriteGivesOutNoIdAndTheNextRequestRecovers() throws Exception {
        log.failNextWrites(1);
        assertError(send("POST", "/subjects/a-value/versions", body(V1)), 500, PersistentSchemaRegistry.STORE_ERROR);
        assertError(send("GET", "/schemas/ids/1", null), 404, 40403);
        assertThat(post("/subjects/a-value/versions", V1).path("id").asInt()).isEqualTo(1);
        assertThat(log.records()).hasSize(1);
    }

    /** With users, anonymous and wrong-password writes are refused: nobody can squat a service's subject first. */
    @Test
    void withUsersOnlyTheyMayWrite() throws Exception {
        server.close();
        server = DevSchemaRegistryServer.start(log, "127.0.0.1", 0, Map.of("inference", "s3cret:ü"));
        assertError(send("POST", "/subjects/news.text-value/versions", body(V1)), 401, 40101);
        assertThat(sendAs("inference:wrong", "POST", "/subjects/news.text-value/versions", body(V1)).statusCode()).isEqualTo(401);
        assertThat(sendAs("nobody:s3cret:ü", "POST", "/subjects/news.text-value/versions", body(V1)).statusCode()).isEqualTo(401);
        assertThat(log.records()).isEmpty();
        assertThat(sendAs("inference:s3cret:ü", "POST", "/subjects/news.text-value/versions", body(V1)).statusCode())
                .isEqualTo(200);
        assertThat(get("/subjects/news.text-value/versions/latest").path("id").asInt()).as("reads stay open").isEqualTo(1);
        try (AvroSerde<NewsText> serde = new AvroSerde<>(NewsText.class)) { // the services' client sends basic auth
            serde.configure(Map.of("schema.registry.url", server.url(), "basic.auth.credentials.source", "USER_INFO",
                    "basic.auth.user.info", "inference:s3cret:ü"), false);
            NewsText text = NewsText.newBuilder().setId("d1").setText("ACME beats").setSource("test").build();
            assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", text))).isEqualTo(text);
        }
    }

    private HttpResponse<String> sendAs(String userInfo, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        userInfo.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = send("GET", path, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private JsonNode post(String path, Schema schema) throws Exception {
        HttpResponse<String> response = send("POST", path, body(schema));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static String body(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(HttpResponse<String> response, int status, int errorCode) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("error_code").asInt()).as(response.body()).isEqualTo(errorCode);
        assertThat(body.path("message").asText()).isNotBlank();
    }
}
