package io.fuzzycal.devkafka;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A development Schema Registry: the Confluent REST subset of {@link RegistryApi} on a JDK HTTP
 * server, keeping its schemas in the compacted {@code _schemas} topic of a Kafka cluster as
 * Confluent's registry does, so that schemas and their ids survive a restart and separate processes
 * on one machine share them. Served by {@code fuzzycal broker}; production uses Confluent's
 * registry (or any that speaks its API).
 */
public final class DevSchemaRegistryServer implements AutoCloseable {
    public static final int DEFAULT_PORT = 8081;
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Runnable closeStore;
    private final String host;

    private DevSchemaRegistryServer(RegistryApi api, String host, int port, Runnable closeStore,
                                    Map<String, String> writers) throws IOException {
        this.host = host;
        this.closeStore = closeStore;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 0);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "dev-schema-registry-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        BasicAuth auth = new BasicAuth(writers);
        server.createContext("/", exchange -> handle(api, auth, exchange));
        server.setExecutor(executor);
        server.start();
    }

    /**
     * Serves on {@code host:port} (0: a free port) the schemas of the {@code _schemas} topic of the
     * cluster that {@code kafkaClient} (bootstrap.servers and any security settings) points at,
     * creating the topic if it is missing.
     */
    public static DevSchemaRegistryServer start(Map<String, Object> kafkaClient, String host, int port)
            throws Exception {
        return start(kafkaClient, host, port, Map.of());
    }

    /**
     * As {@link #start(Map, String, int)}, and with {@code writers} (user name to password) not
     * empty, only those users may write (POST, PUT, DELETE, with HTTP basic auth): with SCRAM on the
     * broker, an anonymous client must not register a schema first under a subject of the services,
     * nor delete one. Reads stay open: schemas are not secrets, and consumers need them.
     */
    public static DevSchemaRegistryServer start(Map<String, Object> kafkaClient, String host, int port,
                                                Map<String, String> writers) throws Exception {
        SchemasTopic topic = SchemasTopic.open(kafkaClient, SchemasTopic.DEFAULT_NAME);
        try {
            return new DevSchemaRegistryServer(new RegistryApi(PersistentSchemaRegistry.open(topic)), host, port, topic::close,
                    writers);
        } catch (Exception | Error e) {
            topic.close();
            throw e;
        }
    }

    /** Serves the schemas of {@code log}, for tests without a broker. */
    static DevSchemaRegistryServer start(SchemaLog log, String host, int port) throws IOException {
        return start(log, host, port, Map.of());
    }

    /** Serves the schemas of {@code log} with writes for {@code writers} only, for tests without a broker. */
    static DevSchemaRegistryServer start(SchemaLog log, String host, int port, Map<String, String> writers)
            throws IOException {
        return new DevSchemaRegistryServer(new RegistryApi(PersistentSchemaRegistry.open(log)), host, port, () -> { },
                writers);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The base URL for {@code schema.registry.url}. */
    public String url() {
        InetAddress bound = server.getAddress().getAddress();
        String address = bound.isAnyLocalAddress() ? "127.0.0.1" : host;
        return "http://" + (address.contains(":") ? "[" + address + "]" : address) + ":" + port();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        closeStore.run();
    }

    private static void handle(RegistryApi api, BasicAuth auth, HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String method = exchange.getRequestMethod();
            RegistryApi.Answer answer;
            if (!method.equals("GET") && !method.equals("HEAD")
                    && !auth.allows(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"fuzzycal schema registry\"");
                answer = new RegistryApi.Answer(401,
                        "{\"error_code\":40101,\"message\":\"writing to this registry needs a user name and password\"}");
            } else {
                answer = api.handle(method, exchange.getRequestURI().getRawPath(), body);
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** HTTP basic auth against a fixed set of users; no users: everyone is allowed. */
    private static final class BasicAuth {
        private final Map<String, byte[]> passwords = new java.util.HashMap<>();

        BasicAuth(Map<String, String> users) {
            users.forEach((user, password) -> passwords.put(user, password.getBytes(StandardCharsets.UTF_8)));
        }

        boolean allows(String header) {
            if (passwords.isEmpty()) {
                return true;
            }
            if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
                return false;
            }
            String decoded;
            try {
                decoded = new String(java.util.Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return false;
            }
            int colon = decoded.indexOf(':');
            byte[] expected = colon < 0 ? null : passwords.get(decoded.substring(0, colon));
            // constant time: the comparison must not tell how much of a guess was right
            return expected != null
                    && java.security.MessageDigest.isEqual(expected, decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
        }
    }
}
