package io.fuzzycal.calibration.study;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** A seeded split into calibration and test rows that keeps each class's share on both sides. */
record StratifiedSplit(int[] calibration, int[] test) {

    /** Half of each class (rounded down) to calibration, the rest to test, both in row order. */
    static StratifiedSplit halves(int[] labels, int numClasses, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Integer> cal = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int k = 0; k < numClasses; k++) {
            int[] rows = rowsOf(labels, k);
            for (int i = rows.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = rows[i];
                rows[i] = rows[j];
                rows[j] = t;
            }
            int half = rows.length / 2;
            for (int i = 0; i < rows.length; i++) {
                (i < half ? cal : test).add(rows[i]);
            }
        }
        int[] c = cal.stream().mapToInt(Integer::intValue).sorted().toArray();
        int[] t = test.stream().mapToInt(Integer::intValue).sorted().toArray();
        return new StratifiedSplit(c, t);
    }

    /**
     * About {@code size} of {@code rows}, each class keeping its share (largest remainders), in row
     * order; all of them when {@code size} is not smaller.
     */
    static int[] subsample(int[] rows, int[] labels, int numClasses, int size, long seed) {
        if (size >= rows.length) {
            return rows.clone();
        }
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        List<Integer> picked = new ArrayList<>();
        int[] counts = new int[numClasses];
        for (int r : rows) {
            counts[labels[r]]++;
        }
        int[] quota = new int[numClasses];
        double[] remainder = new double[numClasses];
        int given = 0;
        for (int k = 0; k < numClasses; k++) {
            double exact = (double) size * counts[k] / rows.length;
            quota[k] = (int) Math.floor(exact);
            remainder[k] = exact - quota[k];
            given += quota[k];
        }
        while (given < size) {
            int best = 0;
            for (int k = 1; k < numClasses; k++) {
                if (remainder[k] > remainder[best]) {
                    best = k;
                }
            }
            quota[best]++;
            remainder[best] = -1;
            given++;
        }
        for (int k = 0; k < numClasses; k++) {
            final int cls = k;
            int[] ofClass = java.util.Arrays.stream(rows).filter(r -> labels[r] == cls).toArray();
            for (int i = ofClass.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = ofClass[i];
                ofClass[i] = ofClass[j];
                ofClass[j] = t;
            }
            for (int i = 0; i < Math.min(quota[k], ofClass.length); i++) {
                picked.add(ofClass[i]);
            }
        }
        return picked.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    private static int[] rowsOf(int[] labels, int k) {
        return java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] == k).toArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StratifiedSplit s && Arrays.equals(calibration, s.calibration) && Arrays.equals(test, s.test);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(calibration) + Arrays.hashCode(test);
    }

    @Override
    public String toString() {
        return "StratifiedSplit[calibration=" + calibration.length + ", test=" + test.length + "]";
    }
}
