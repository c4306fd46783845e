package io.fuzzycal.schemas.registry;

import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how long to wait before retrying a registry request: the wait doubles from
 * {@code initialMillis} up to {@code maxMillis}; each wait is drawn from its upper half, so clients
 * that failed together do not retry together.
 */
record Backoff(int maxRetries, long initialMillis, long maxMillis) {

    /** The wait before retry number {@code retry} (1 for the first retry), in milliseconds. */
    long delayBeforeRetry(int retry) {
        long ceiling = Math.min(maxMillis, initialMillis << Math.min(retry - 1, 30));
        long half = ceiling / 2;
        return half + ThreadLocalRandom.current().nextLong(ceiling - half + 1);
    }
}
