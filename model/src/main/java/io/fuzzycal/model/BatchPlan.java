package io.fuzzycal.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** Which input positions run together, batch by batch. */
final class BatchPlan {
    private BatchPlan() {
    }

    /**
     * @param lengths token length of each input
     * @return batches of input positions; with {@link BatchOrder#LENGTH_GROUPED} sorted by length,
     *     ties in input order, so the plan is the same for the same input
     */
    static List<int[]> of(int[] lengths, int batchSize, BatchOrder order) {
        int[] positions = IntStream.range(0, lengths.length).toArray();
        if (order == BatchOrder.LENGTH_GROUPED) {
            positions = IntStream.range(0, lengths.length).boxed()
                    .sorted(Comparator.comparingInt((Integer i) -> lengths[i]).thenComparingInt(i -> i))
                    .mapToInt(Integer::intValue).toArray();
        }
        List<int[]> batches = new ArrayList<>((lengths.length + batchSize - 1) / batchSize);
        for (int start = 0; start < positions.length; start += batchSize) {
            int end = Math.min(start + batchSize, positions.length);
            int[] batch = new int[end - start];
            System.arraycopy(positions, start, batch, 0, batch.length);
            batches.add(batch);
        }
        return batches;
    }
}
