package io.fuzzycal.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BatchPlanTest {

    @Test
    void lengthGroupedSortsByLengthWithTiesInInputOrder() {
        List<int[]> plan = BatchPlan.of(new int[] {9, 3, 5, 3, 12, 5, 1}, 3, BatchOrder.LENGTH_GROUPED);
        assertThat(plan).containsExactly(new int[] {6, 1, 3}, new int[] {2, 5, 0}, new int[] {4});
    }

    @Test
    void arrivalOrderKeepsTheInput() {
        List<int[]> plan = BatchPlan.of(new int[] {9, 3, 5, 3, 12}, 2, BatchOrder.ARRIVAL);
        assertThat(plan).containsExactly(new int[] {0, 1}, new int[] {2, 3}, new int[] {4});
    }

    @Test
    void noInputNoBatches() {
        assertThat(BatchPlan.of(new int[0], 4, BatchOrder.LENGTH_GROUPED)).isEmpty();
    }
}
