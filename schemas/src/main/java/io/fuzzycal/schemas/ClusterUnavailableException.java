package io.fuzzycal.schemas;

import java.io.IOException;
import org.apache.kafka.common.errors.AuthenticationException;

/**
 * The Kafka cluster cannot be used: unreachable, credentials refused, the transactional producer
 * not allowed, or an existing topic laid out otherwise than the service is configured. Raised at start, before any record is read, so a misconfigured service fails fast.
 */
public final class ClusterUnavailableException extends IOException {
    public ClusterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code what} failed; the message names the root reason, authentication failures first. */
    public static ClusterUnavailableException of(String what, RuntimeException e) {
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof AuthenticationException)) {
            cause = cause.getCause();
        }
        String reason = cause instanceof AuthenticationException ? "authentication failed: " + cause.getMessage()
                : cause instanceof org.apache.kafka.common.errors.TimeoutException || cause.getMessage() == null
                // a client without SASL at a SASL listener is disconnected without a word, then times out
                ? "no answer in time (" + cause.getClass().getSimpleName() + "): is the address right, and does the cluster"
                        + " require SASL or TLS (kafka.security.protocol, kafka.sasl.jaas.config)?"
                : cause.getMessage();
        return new ClusterUnavailableException(what + ": " + reason, e);
    }
}
