package io.fuzzycal.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A Schema Registry that speaks the subset of Confluent's REST API the client uses, backed by an
 * {@link InMemorySchemaRegistry}. It records every request, can demand basic auth, and can be told
 * to answer the next requests with an error status.
 */
final class FakeRegistryServer implements AutoCloseable {
    private static final Pattern REGISTER = Pattern.compile("/subjects/([^/]+)/versions");
    private static final Pattern LOOKUP = Pattern.compile("/subjects/([^/]+)");
    private static final Pattern BY_ID = Pattern.compile("/schemas/ids/(\\d+)");
    private static final Pattern LATEST = Pattern.compile("/subjects/([^/]+)/versions/latest");

    record Request(String method, String path, String authorization, String contentType) {
    }

    private record Fault(int status, int errorCode, String message) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final InMemorySchemaRegistry backend = new InMemorySchemaRegistry();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final HttpServer server;
    private final String prefix;
    private volatile String requiredAuthorization;

    FakeRegistryServer() throws IOException {
        this("");
    }

    /** A server whose API lives under {@code prefix}, as Apicurio's does under /apis/ccompat/v7. */
    FakeRegistryServer(String prefix) throws IOException {
        this.prefix = prefix;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(prefix + "/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + prefix;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    void requireAuthorization(String header) {
        requiredAuthorization = header;
    }

    /** The next request gets this error instead of an answer. */
    synchronized void failNext(int status, int errorCode, String message) {
        faults.add(new Fault(status, errorCode, message));
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(prefix.length());
            String method = exchange.getRequestMethod();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            requests.add(new Request(method, path, authorization,
                    exchange.getRequestHeaders().getFirst("Content-Type")));
            Fault fault;
            synchronized (this) {
                fault = faults.poll();
            }
            if (fault != null) {
                error(exchange, fault.status(), fault.errorCode(), fault.message());
            } else if (requiredAuthorization != null && !requiredAuthorization.equals(authorization)) {
                error(exchange, 401, 401, "Unauthorized");
            } else {
                route(exchange, method, path);
            }
        }
    }

    private void route(HttpExchange exchange, String method, String path) throws IOException {
        Matcher m;
        try {
            if (method.equals("POST") && (m = REGISTER.matcher(path)).matches()) {
                int id = backend.register(m.group(1), schemaOf(exchange));
                answer(exchange, json.createObjectNode().put("id", id));
            } else if (method.equals("GET") && (m = LATEST.matcher(path)).matches()) {
                answer(exchange, describe(backend.latest(m.group(1))));
            } else if (method.equals("POST") && (m = LOOKUP.matcher(path)).matches()) {
                String subject = m.group(1);
                Schema schema = schemaOf(exchange);
                int id = backend.idOf(subject, schema);
                RegisteredSchema latest = backend.latest(subject);
                answer(exchange, describe(new RegisteredSchema(subject, latest.id() == id ? latest.version() : 1, id,
                        schema)));
            } else if (method.equals("GET") && (m = BY_ID.matcher(path)).matches()) {
                Schema schema = backend.schemaById(Integer.parseInt(m.group(1)));
                answer(exchange, json.createObjectNode().put("schema", schema.toString()));
            } else {
                error(exchange, 404, 404, "HTTP 404 Not Found");
            }
        } catch (SchemaRegistryException e) {
            error(exchange, e.httpStatus(), e.errorCode(), e.getMessage());
        } catch (SchemaParseException e) {
            error(exchange, 422, SchemaRegistryException.INVALID_SCHEMA, "Invalid schema: " + e.getMessage());
        }
    }

    private Schema schemaOf(HttpExchange exchange) throws IOException {
        JsonNode body = json.readTree(exchange.getRequestBody());
        return new Schema.Parser().parse(body.path("schema").asText());
    }

    private ObjectNode describe(RegisteredSchema registered) {
        return json.createObjectNode().put("subject", registered.subject()).put("version", registered.version())
                .put("id", registered.id()).put("schema", registered.schema().toString());
    }

    private void answer(HttpExchange exchange, ObjectNode body) throws IOException {
        send(exchange, 200, body.toString());
    }

    private void error(HttpExchange exchange, int status, int errorCode, String message) throws IOException {
        send(exchange, status, json.createObjectNode().put("error_code", errorCode).put("message", message).toString());
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", RestSchemaRegistry.CONTENT_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
