package io.fuzzycal.feeds;

/**
 * Spaces sends evenly at a rate: a token bucket holding one token, so a slow moment is never made
 * up by a burst. Works on nanosecond readings the caller supplies, so tests need no clock.
 */
final class Pacer {
    private final long intervalNanos;
    private long next;
    private boolean started;

    /** {@code ratePerSecond <= 0}: no pacing. */
    Pacer(double ratePerSecond) {
        this.intervalNanos = ratePerSecond <= 0 ? 0 : Math.max(1, Math.round(1e9 / ratePerSecond));
    }

    /** Nanoseconds to wait at {@code now} before the next send may go; 0 = now. */
    long waitNanos(long now) {
        return !started || intervalNanos == 0 ? 0 : Math.max(0, next - now);
    }

    /** Records a send at {@code now}: the next one may go one interval later, never earlier. */
    void sent(long now) {
        // from the later of the slot and now: a late send does not earn a burst of catch-up sends
        next = (started ? Math.max(next, now) : now) + intervalNanos;
        started = true;
    }
}
