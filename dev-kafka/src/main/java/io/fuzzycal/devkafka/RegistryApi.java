package io.fuzzycal.devkafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fuzzycal.schemas.registry.RegisteredSchema;
import io.fuzzycal.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * The subset of Confluent's Schema Registry REST API that serdes and console tools use, over a
 * {@link PersistentSchemaRegistry}; errors are {@code {"error_code": n, "message": "..."}} as
 * Confluent writes them.
 *
 * <pre>
 * POST /subjects/{subject}/versions          {"schema": "..."}  -> {"id": 1}
 * POST /subjects/{subject}                   {"schema": "..."}  -> {"subject", "version", "id", "schema"}
 * GET  /subjects                                                -> ["subject", ...]
 * GET  /subjects/{subject}/versions                             -> [1, 2, ...]
 * GET  /subjects/{subject}/versions/{n|latest}                  -> {"subject", "version", "id", "schema"}
 * GET  /schemas/ids/{id}                                        -> {"schema": "..."}
 * GET  /schemas/types                                           -> ["AVRO"]
 * GET  /config                                                  -> {"compatibilityLevel": "BACKWARD"}
 * </pre>
 */
final class RegistryApi {
    /** Confluent's "invalid version". */
    static final int INVALID_VERSION = 42202;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One HTTP answer: status and JSON body. */
    record Answer(int status, String body) {
    }

    private final PersistentSchemaRegistry registry;

    RegistryApi(PersistentSchemaRegistry registry) {
        this.registry = registry;
    }

    Answer handle(String method, String rawPath, byte[] body) {
        try {
            return route(method, segments(rawPath), body);
        } catch (SchemaRegistryException e) {
            return error(e.httpStatus(), e.errorCode(), e.getMessage());
        } catch (SchemaParseException e) {
            return error(422, SchemaRegistryException.INVALID_SCHEMA, "Invalid schema: " + e.getMessage());
        } catch (JsonProcessingException e) {
            return error(400, 400, "Request body is not JSON: " + e.getOriginalMessage());
        } catch (IOException | RuntimeException e) {
            return error(500, 500, "Internal error: " + e);
        }
    }

    private Answer route(String method, List<String> path, byte[] body) throws IOException {
        int n = path.size();
        if (n == 0) {
            return get(method, JSON.createObjectNode());
        }
        switch (path.get(0)) {
            case "config":
                if (n == 1) {
                    return get(method, JSON.createObjectNode().put("compatibilityLevel", "BACKWARD"));
                }
                break;
            case "schemas":
                if (n == 2 && path.get(1).equals("types")) {
                    return get(method, JSON.createArrayNode().add("AVRO"));
                }
                if (n == 3 && path.get(1).equals("ids")) {
                    int id = parseInt(path.get(2), SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + path.get(2) + " not found");
                    return get(method, JSON.createObjectNode().put("schema", registry.schemaById(id).toString()));
                }
                break;
            case "subjects":
                return subjects(method, path, body);
            default:
                break;
        }
        return error(404, 404, "HTTP 404 Not Found");
    }

    private Answer subjects(String method, List<String> path, byte[] body) throws IOException {
        int n = path.size();
        if (n == 1) {
            ArrayNode subjects = JSON.createArrayNode();
            registry.subjects().forEach(subjects::add);
            return get(method, subjects);
        }
        String subject = path.get(1);
        if (n == 2) {
            return post(method, () -> describe(registry.lookup(subject, schemaOf(body))));
        }
        if (!path.get(2).equals("versions") || n > 4) {
            return error(404, 404, "HTTP 404 Not Found");
        }
        if (n == 3) {
            if (method.equals("POST")) {
                return ok(JSON.createObjectNode().put("id", registry.register(subject, schemaOf(body))));
            }
            ArrayNode versions = JSON.createArrayNode();
            registry.versions(subject).forEach(versions::add);
            return get(method, versions);
        }
        String version = path.get(3);
        RegisteredSchema found = version.equals("latest") ? registry.latest(subject)
                : registry.version(subject, parseInt(version, INVALID_VERSION, "The specified version '" + version
                        + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\""));
        return get(method, describe(found));
    }

    private interface JsonAnswer {
        JsonNode get() throws IOException;
    }

    private static Answer post(String method, JsonAnswer answer) throws IOException {
        return method.equals("POST") ? ok(answer.get()) : methodNotAllowed();
    }

    private static Answer get(String method, JsonNode answer) {
        return method.equals("GET") ? ok(answer) : methodNotAllowed();
    }

    private static Schema schemaOf(byte[] body) throws IOException {
        JsonNode request = JSON.readTree(body);
        if (request == null || !request.path("schema").isTextual()) {
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA,
                    "Invalid schema: the request has no \"schema\" string");
        }
        String type = request.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA,
                    "Invalid schema: this development registry holds AVRO schemas only, not " + type);
        }
        if (request.path("references").size() > 0) {
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA,
                    "Invalid schema: schema references are not supported by this development registry");
        }
        return new Schema.Parser().parse(request.path("schema").asText());
    }

    private static ObjectNode describe(RegisteredSchema registered) {
        return JSON.createObjectNode().put("subject", registered.subject()).put("version", registered.version())
                .put("id", registered.id()).put("schema", registered.schema().toString());
    }

    private static int parseInt(String text, int errorCode, String message) {
        try {
            int value = Integer.parseInt(text);
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw new SchemaRegistryException(errorCode == INVALID_VERSION ? 422 : 404, errorCode, message);
    }

    /** Path segments, percent-decoded one by one, so a subject may hold an encoded '/'. */
    private static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return segments;
    }

    private static Answer ok(JsonNode body) {
        return new Answer(200, body.toString());
    }

    private static Answer methodNotAllowed() {
        return error(405, 405, "HTTP 405 Method Not Allowed");
    }

    private static Answer error(int status, int errorCode, String message) {
        return new Answer(status, JSON.createObjectNode().put("error_code", errorCode).put("message", message).toString());
    }
}
