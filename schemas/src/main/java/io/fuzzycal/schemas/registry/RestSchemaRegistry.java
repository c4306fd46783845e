package io.fuzzycal.schemas.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A client of Confluent's Schema Registry REST API (also spoken by Apicurio's ccompat API, Karapace
 * and Redpanda), limited to what the serde needs:
 *
 * <pre>
 * POST /subjects/{subject}/versions   {"schema": "..."}  -> {"id": 1}
 * POST /subjects/{subject}            {"schema": "..."}  -> {"subject", "id", "version", "schema"}
 * GET  /schemas/ids/{id}                                 -> {"schema": "..."}
 * GET  /subjects/{subject}/versions/latest               -> {"subject", "id", "version", "schema"}
 * </pre>
 */
final class RestSchemaRegistry implements SchemaRegistry {
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT =
            CONTENT_TYPE + ", application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final ObjectMapper JSON = new ObjectMapper();
    // Java 17's HttpClient cannot be closed and owns a selector thread: share one per connect timeout.
    private static final Map<Duration, HttpClient> CLIENTS = new ConcurrentHashMap<>();

    private final List<URI> urls;
    private final String authorization;
    private final Backoff backoff;
    private final Duration readTimeout;
    private final HttpClient http;
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private volatile int preferredUrl;

    RestSchemaRegistry(SchemaRegistryConfig config) {
        this.urls = config.urls();
        this.authorization = config.userInfo() == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(config.userInfo().getBytes(StandardCharsets.UTF_8));
        this.backoff = config.backoff();
        this.readTimeout = config.readTimeout();
        this.http = CLIENTS.computeIfAbsent(config.connectTimeout(),
                timeout -> HttpClient.newBuilder().connectTimeout(timeout).build());
    }

    @Override
    public int register(String subject, Schema schema) {
        Integer cached = cachedId(subject, schema);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
        return remember(subject, schema, requiredInt(answer, "id"));
    }

    @Override
    public int idOf(String subject, Schema schema) {
        Integer cached = cachedId(subject, schema);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call("POST", "/subjects/" + encode(subject), schemaBody(schema));
        return remember(subject, schema, requiredInt(answer, "id"));
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call("GET", "/schemas/ids/" + id, null);
        Schema schema = parseAvro(answer, "schema id " + id);
        Schema raced = schemasById.putIfAbsent(id, schema);
        return raced != null ? raced : schema;
    }

    @Override
    public RegisteredSchema latest(String subject) {
        JsonNode answer = call("GET", "/subjects/" + encode(subject) + "/versions/latest", null);
        Schema schema = parseAvro(answer, "latest version of subject " + subject);
        int id = requiredInt(answer, "id");
        remember(subject, schema, id);
        return new RegisteredSchema(subject, requiredInt(answer, "version"), id, schema);
    }

    private Integer cachedId(String subject, Schema schema) {
        Map<Schema, Integer> ids = idsBySubject.get(subject);
        return ids == null ? null : ids.get(schema);
    }

    private int remember(String subject, Schema schema, int id) {
        idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).put(schema, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    /** Sends one request, retrying connection failures, 408, 429 and 5xx; returns the answer's JSON. */
    private JsonNode call(String method, String path, String body) {
        SchemaRegistryException last = null;
        for (int attempt = 0; attempt <= backoff.maxRetries(); attempt++) {
            if (attempt > 0) {
                sleep(backoff.delayBeforeRetry(attempt));
            }
            int urlIndex = preferredUrl;
            URI base = urls.get(urlIndex % urls.size());
            HttpResponse<String> response;
            try {
                response = http.send(request(base, method, path, body), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                // Unreachable: the next attempt goes to the next URL, if there are several.
                preferredUrl = (urlIndex + 1) % urls.size();
                last = new SchemaRegistryException("schema registry " + base + " unreachable for " + method + " "
                        + path + " after " + (attempt + 1) + " attempt(s): " + e, e);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException("interrupted while calling schema registry " + base, e);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return parse(response.body(), base, method, path);
            }
            last = error(base, method, path, response);
            if (!retryable(status)) {
                throw last;
            }
        }
        if (last.httpStatus() == 0) {
            throw last;
        }
        throw new SchemaRegistryException(last.httpStatus(), last.errorCode(),
                last.getMessage() + " (gave up after " + (backoff.maxRetries() + 1) + " attempts)");
    }

    private HttpRequest request(URI base, String method, String path, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(readTimeout)
                .header("Accept", ACCEPT);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (body == null) {
            return builder.GET().build();
        }
        return builder.header("Content-Type", CONTENT_TYPE)
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    }

    private static boolean retryable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    private static SchemaRegistryException error(URI base, String method, String path, HttpResponse<String> response) {
        int status = response.statusCode();
        int code = status;
        String message = response.body() == null ? "" : response.body().strip();
        try {
            JsonNode node = JSON.readTree(message);
            if (node != null && node.isObject()) {
                code = node.path("error_code").asInt(status);
                message = node.path("message").asText(message);
            }
        } catch (JsonProcessingException notJson) {
            // a proxy's HTML page, say: quote it, shortened
            message = message.length() > 200 ? message.substring(0, 200) + "..." : message;
        }
        return new SchemaRegistryException(status, code, "schema registry " + base + " answered " + status
                + " (error_code " + code + ") to " + method + " " + path + ": " + message);
    }

    private static JsonNode parse(String body, URI base, String method, String path) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new SchemaRegistryException("schema registry " + base + " sent a body that is not JSON for "
                    + method + " " + path + ": " + e.getOriginalMessage(), e);
        }
    }

    private static String schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    private static Schema parseAvro(JsonNode answer, String what) {
        String type = answer.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new SchemaRegistryException(200, 0, what + " is a " + type + " schema, not Avro");
        }
        if (answer.path("references").size() > 0) {
            throw new SchemaRegistryException(200, 0, what + " uses schema references, which this client does not resolve");
        }
        try {
            return new Schema.Parser().parse(answer.path("schema").asText());
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException(200, SchemaRegistryException.INVALID_SCHEMA,
                    what + " is not a valid Avro schema: " + e.getMessage());
        }
    }

    private static int requiredInt(JsonNode answer, String field) {
        JsonNode value = answer.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw new SchemaRegistryException(200, 0, "schema registry answer has no integer '" + field + "': " + answer);
        }
        return value.intValue();
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("interrupted while waiting to retry a schema registry request", e);
        }
    }
}
