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
