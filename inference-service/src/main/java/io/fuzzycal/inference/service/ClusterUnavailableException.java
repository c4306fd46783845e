package io.fuzzycal.inference.service;

import java.io.IOException;

/**
 * The Kafka cluster cannot be used: unreachable, credentials refused, or the transactional producer
 * not allowed. Raised at start, before any record is read, so a misconfigured service fails fast.
 */
public final class ClusterUnavailableException extends IOException {
    public ClusterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
