package io.fuzzycal.stream;

/**
 * Which labelled documents are held out of every fit: a fixed share chosen by a hash of the
 * document id, so a document never moves between the fit and the held-out slice from one refit to
 * the next, and the choice does not depend on arrival order.
 */
final class HeldOutSplit {
    private static final int BUCKETS = 10_000;

    private HeldOutSplit() {
    }

    static boolean isHeldOut(String documentId, double fraction) {
        return bucket(documentId) < Math.round(fraction * BUCKETS);
    }

    private static int bucket(String documentId) {
        // SplitMix64's finaliser spreads String.hashCode (stable across JVMs) over all bits
        long z = documentId.hashCode() + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (int) Long.remainderUnsigned(z, BUCKETS);
    }
}
