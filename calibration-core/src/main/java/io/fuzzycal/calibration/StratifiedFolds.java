package io.fuzzycal.calibration;

import java.util.SplittableRandom;

/** A seeded assignment of rows to K folds that deals each class's rows round-robin after a shuffle. */
final class StratifiedFolds {
    private StratifiedFolds() {
    }

    /** {@code fold[i]} in [0, K) for every row. */
    static int[] assign(int[] labels, int numClasses, int k, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        int[] fold = new int[labels.length];
        int next = 0;
        for (int cls = 0; cls < numClasses; cls++) {
            final int c = cls;
            int[] rows = java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] == c).toArray();
            for (int i = rows.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = rows[i];
                rows[i] = rows[j];
                rows[j] = t;
            }
            // Continue the round-robin across classes so fold sizes differ by at most one.
            for (int r : rows) {
                fold[r] = next;
                next = (next + 1) % k;
            }
        }
        return fold;
    }

    /** Rows in fold {@code f} ({@code inFold}) or not in it. */
    static int[] rows(int[] fold, int f, boolean inFold) {
        return java.util.stream.IntStream.range(0, fold.length).filter(i -> (fold[i] == f) == inFold).toArray();
    }
}
