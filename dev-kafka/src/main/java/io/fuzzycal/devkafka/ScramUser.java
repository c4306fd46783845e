package io.fuzzycal.devkafka;

import java.util.Map;

/**
 * A SASL/SCRAM-SHA-256 user of the embedded broker: who may connect to a broker started with
 * {@link EmbeddedKafkaBroker.Builder#saslScram}. Its {@code toString} leaves the password out.
 */
public record ScramUser(String username, String password) {
    /** The only SCRAM mechanism the embedded broker enables. */
    public static final String MECHANISM = "SCRAM-SHA-256";
    /** Kafka's default, and the minimum for SCRAM-SHA-256. */
    static final int ITERATIONS = 4096;

    public ScramUser {
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("SCRAM user name is empty");
        }
        // The storage formatter reads users from a comma-separated argument.
        if (username.contains(",")) {
            throw new IllegalArgumentException("SCRAM user name must not contain ',': " + username);
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("SCRAM password of " + username + " is empty");
        }
    }

    /** The client properties that authenticate as this user over SASL_PLAINTEXT. */
    public Map<String, Object> clientProperties() {
        return Map.of(
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", MECHANISM,
                "sasl.jaas.config", jaasConfig());
    }

    /** The JAAS line of a client (and of the broker's own inter-broker login) for this user. */
    String jaasConfig() {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + quoted(username)
                + "\" password=\"" + quoted(password) + "\";";
    }

    /**
     * The JAAS line of the controller listener (PLAIN, since KRaft cannot authenticate its own
     * listener with SCRAM, whose credentials live in the metadata the controller serves): this user
     * logs in, and is the only user it accepts.
     */
    String plainJaasConfig() {
        if (!username.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("the broker's user name may hold only letters, digits, '.', '_' and '-': "
                    + username);
        }
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + username
                + "\" password=\"" + quoted(password) + "\" user_" + username + "=\"" + quoted(password) + "\";";
    }

    // Kafka parses JAAS values with a StreamTokenizer: a backslash escapes the next character.
    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Override
    public String toString() {
        return "ScramUser[" + username + "]";
    }
}
