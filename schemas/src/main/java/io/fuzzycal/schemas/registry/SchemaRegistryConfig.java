package io.fuzzycal.schemas.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * Schema Registry client settings, under the property names of Confluent's client, so an existing
 * producer or consumer configuration works unchanged.
 *
 * <ul>
 *   <li>{@value #URL}: comma-separated base URLs (tried in turn when one cannot be reached), each
 *       possibly with a path prefix such as Apicurio's {@code /apis/ccompat/v7}; or
 *       {@code mock://scope} for the in-memory registry of that scope.</li>
 *   <li>{@value #BASIC_AUTH_CREDENTIALS_SOURCE}: {@code USER_INFO} (take {@value #USER_INFO},
 *       {@code user:password}) or {@code URL} (take the URL's {@code user:password@}). Unset, it is
 *       {@code USER_INFO} when {@value #USER_INFO} is set and {@code URL} otherwise.</li>
 *   <li>{@value #MAX_RETRIES} (default 3), {@value #RETRIES_WAIT_MS} (1000),
 *       {@value #RETRIES_MAX_WAIT_MS} (20000): retries after connection errors, 408, 429 and 5xx,
 *       with exponentially growing, jittered waits. Other 4xx answers are never retried.</li>
 *   <li>{@value #HTTP_CONNECT_TIMEOUT_MS}, {@value #HTTP_READ_TIMEOUT_MS} (default 60000 each).</li>
 * </ul>
 * HTTPS uses the JVM's default trust store ({@code javax.net.ssl.trustStore}).
 */
public final class SchemaRegistryConfig {
    public static final String URL = "schema.registry.url";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String USER_INFO = "basic.auth.user.info";
    /** Older Confluent name of {@link #USER_INFO}, still accepted. */
    public static final String LEGACY_USER_INFO = "schema.registry.basic.auth.user.info";
    public static final String MAX_RETRIES = "max.retries";
    public static final String RETRIES_WAIT_MS = "retries.wait.ms";
    public static final String RETRIES_MAX_WAIT_MS = "retries.max.wait.ms";
    public static final String HTTP_CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    public static final String HTTP_READ_TIMEOUT_MS = "http.read.timeout.ms";

    private static final String MOCK_PREFIX = "mock://";

    private final String mockScope;
    private final List<URI> urls;
    private final String userInfo;
    private final Backoff backoff;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    private SchemaRegistryConfig(String mockScope, List<URI> urls, String userInfo, Backoff backoff,
                                 Duration connectTimeout, Duration readTimeout) {
        this.mockScope = mockScope;
        this.urls = urls;
        this.userInfo = userInfo;
        this.backoff = backoff;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    static SchemaRegistryConfig parse(Map<String, ?> configs) {
        List<String> entries = list(configs.get(URL));
        if (entries.isEmpty()) {
            throw new ConfigException(URL + " is not set: give the registry's URL (http://host:8081) or mock://<scope>");
        }
        if (entries.get(0).startsWith(MOCK_PREFIX)) {
            if (entries.size() > 1) {
                throw new ConfigException(URL, entries, "a mock:// URL cannot be combined with other URLs");
            }
            return new SchemaRegistryConfig(entries.get(0).substring(MOCK_PREFIX.length()), List.of(), null, null,
                    null, null);
        }
        List<URI> given = new ArrayList<>();
        for (String entry : entries) {
            given.add(uri(entry));
        }
        Backoff backoff = new Backoff(
                intValue(configs, MAX_RETRIES, 3),
                intValue(configs, RETRIES_WAIT_MS, 1000),
                intValue(configs, RETRIES_MAX_WAIT_MS, 20_000));
        return new SchemaRegistryConfig(null, given.stream().map(SchemaRegistryConfig::withoutUserInfo).toList(),
                userInfo(configs, given), backoff,
                Duration.ofMillis(intValue(configs, HTTP_CONNECT_TIMEOUT_MS, 60_000)),
                Duration.ofMillis(intValue(configs, HTTP_READ_TIMEOUT_MS, 60_000)));
    }

    /** The scope of a {@code mock://} URL, or null for a real registry. */
    String mockScope() {
        return mockScope;
    }

    /** Base URLs without user info or trailing slash. */
    List<URI> urls() {
        return urls;
    }

    /** {@code user:password} for basic auth, or null. */
    String userInfo() {
        return userInfo;
    }

    Backoff backoff() {
        return backoff;
    }

    Duration connectTimeout() {
        return connectTimeout;
    }

    Duration readTimeout() {
        return readTimeout;
    }

    private static String userInfo(Map<String, ?> configs, List<URI> urls) {
        String given = string(configs.get(USER_INFO));
        if (given == null) {
            given = string(configs.get(LEGACY_USER_INFO));
        }
        String source = string(configs.get(BASIC_AUTH_CREDENTIALS_SOURCE));
        source = source == null ? (given != null ? "USER_INFO" : "URL") : source.toUpperCase(Locale.ROOT);
        switch (source) {
            case "USER_INFO":
                if (given == null || given.indexOf(':') < 0) {
                    throw new ConfigException(USER_INFO, given == null ? null : "(hidden)",
                            "basic auth needs user:password when " + BASIC_AUTH_CREDENTIALS_SOURCE + "=USER_INFO");
                }
                return given;
            case "URL":
                // One user info per client: the first URL that carries one.
                return urls.stream().map(URI::getUserInfo).filter(u -> u != null).findFirst().orElse(null);
            default:
                throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE, source, "supported sources: USER_INFO, URL");
        }
    }

    private static URI uri(String text) {
        try {
            URI uri = new URI(text.strip().replaceAll("/+$", ""));
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new ConfigException(URL, text, "expected http(s)://host[:port][/path] or mock://<scope>");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(URL, text, "not a URL: " + e.getMessage());
        }
    }

    // Credentials travel in the Authorization header, never in the request URL.
    private static URI withoutUserInfo(URI uri) {
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null);
        } catch (URISyntaxException e) {
            throw new ConfigException(URL, uri, e.getMessage());
        }
    }

    private static List<String> list(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof Collection<?> items) {
            items.forEach(item -> out.addAll(list(item)));
        } else if (value != null) {
            for (String part : value.toString().split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    private static String string(Object value) {
        if (value == null) {
            return null;
        }
        String text = value.toString().strip();
        return text.isEmpty() ? null : text;
    }

    private static int intValue(Map<String, ?> configs, String name, int fallback) {
        Object value = configs.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = value instanceof Number n ? n.intValue() : Integer.parseInt(value.toString().strip());
            if (parsed < 0) {
                throw new ConfigException(name, value, "must be 0 or more");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ConfigException(name, value, "not an integer");
        }
    }
}
