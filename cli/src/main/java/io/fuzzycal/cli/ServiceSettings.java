package io.fuzzycal.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.HashMap;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import java.time.Duration;
import picocli.CommandLine.TypeConversionException;

/**
 * A service's settings from three layers, later ones winning: a properties file ({@code --config}),
 * environment variables ({@code FUZZYCAL_BOOTSTRAP_SERVERS} for {@code bootstrap.servers}), and
 * command-line flags. Keys starting with {@code kafka.} are passed, without the prefix, to every
 * Kafka client, so security settings (SASL_SSL, SCRAM, mTLS) work as in any Kafka client:
 * {@code kafka.security.protocol=SASL_SSL} in the file or {@code FUZZYCAL_KAFKA_SECURITY_PROTOCOL}.
 */
public final class ServiceSettings {
    static final String ENV_PREFIX = "FUZZYCAL_";
    static final String KAFKA_PREFIX = "kafka.";

    private final Map<String, String> values = new LinkedHashMap<>();

    private ServiceSettings() {
    }

    static ServiceSettings load(Path configFile, Map<String, String> env, Map<String, String> flags) throws IOException {
        ServiceSettings s = new ServiceSettings();
        if (configFile != null) {
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(configFile)) {
                p.load(in);
            }
            p.stringPropertyNames().forEach(k -> s.values.put(k, p.getProperty(k).trim()));
        }
        env.forEach((k, v) -> {
            if (k.startsWith(ENV_PREFIX)) {
                s.values.put(k.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), v);
            }
        });
        flags.forEach((k, v) -> {
            if (v != null) {
                s.values.put(k, v);
            }
        });
        return s;
    }

    public String get(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    public String require(String key, String flag) {
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            throw new InvalidInputException("missing " + flag + " (or " + key + " in --config, or "
                    + ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_') + ")");
        }
        return v;
    }

    public int getInt(String key, int fallback) {
        String v = values.get(key);
        try {
            return v == null ? fallback : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(key + " must be a whole number, got '" + v + "'");
        }
    }

    public double getDouble(String key, double fallback) {
        String v = values.get(key);
        try {
            return v == null ? fallback : Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(key + " must be a number, got '" + v + "'");
        }
    }

    /** A duration such as {@code 500ms}, {@code 10m}, {@code 24h}, {@code 7d} or {@code PT10M}. */
    public Duration getDuration(String key, Duration fallback) {
        String v = values.get(key);
        try {
            return v == null ? fallback : new DurationConverter().convert(v);
        } catch (TypeConversionException e) {
            throw new InvalidInputException(key + ": " + e.getMessage());
        }
    }

    /** Every {@code kafka.*} setting, without the prefix. */
    public Map<String, String> kafka() {
        Map<String, String> k = new LinkedHashMap<>();
        values.forEach((key, v) -> {
            if (key.startsWith(KAFKA_PREFIX)) {
                k.put(key.substring(KAFKA_PREFIX.length()), v);
            }
        });
        return k;
    }

    /** The Schema Registry client for {@code schema.registry.url} (default {@code mock://fuzzycal}), with the kafka.* settings. */
    SchemaRegistry schemaRegistry() {
        Map<String, Object> config = new HashMap<>(kafka());
        config.put("schema.registry.url", get("schema.registry.url", "mock://fuzzycal"));
        return SchemaRegistry.fromConfig(config);
    }
}
