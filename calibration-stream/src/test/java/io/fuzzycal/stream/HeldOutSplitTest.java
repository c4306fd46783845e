package io.fuzzycal.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HeldOutSplitTest {
    private static double share(List<String> ids, double fraction) {
        return ids.stream().filter(id -> HeldOutSplit.isHeldOut(id, fraction)).count() / (double) ids.size();
    }

    @Test
    void holdsOutTheFractionOfSequentialIds() {
        List<String> ids = IntStream.range(0, 10_000).mapToObj(i -> "doc-" + i).toList();
        assertThat(share(ids, 0.2)).isCloseTo(0.2, within(0.02));
        assertThat(share(ids, 0.5)).isCloseTo(0.5, within(0.02));
        assertThat(share(ids, 0.05)).isCloseTo(0.05, within(0.01));
    }

    @Test
    void holdsOutTheFractionOfRandomAndNumericIds() {
        Random random = new Random(7);
        List<String> uuids = IntStream.range(0, 10_000)
                .mapToObj(i -> new UUID(random.nextLong(), random.nextLong()).toString()).toList();
        assertThat(share(uuids, 0.2)).isCloseTo(0.2, within(0.02));
        List<String> numbers = IntStream.range(0, 10_000).mapToObj(i -> Long.toString(1_700_000_000_000L + i))
                .toList();
        assertThat(share(numbers, 0.2)).isCloseTo(0.2, within(0.02));
    }

    @Test
    void theChoiceIsStableAndNested() {
        List<String> ids = IntStream.range(0, 2_000).mapToObj(i -> "tweet-" + i).toList();
        for (String id : ids) {
            boolean first = HeldOutSplit.isHeldOut(id, 0.2);
            assertThat(HeldOutSplit.isHeldOut(new String(id.toCharArray()), 0.2)).isEqualTo(first);
            if (HeldOutSplit.isHeldOut(id, 0.1)) {
                assertThat(first).as("a document held out at 10%% is held out at 20%%: %s", id).isTrue();
            }
        }
        assertThat(ids).noneMatch(id -> HeldOutSplit.isHeldOut(id, 0.0));
        assertThat(ids).allMatch(id -> HeldOutSplit.isHeldOut(id, 1.0));
    }

    @Test
    void theChoiceDoesNotChangeBetweenReleases() {
        // pinned: a changed hash would move documents between the fit and held-out slices of a running window
        List<String> ids = IntStream.range(0, 40).mapToObj(i -> "doc-" + i).toList();
        String pattern = ids.stream().map(id -> HeldOutSplit.isHeldOut(id, 0.2) ? "H" : ".")
                .reduce("", String::concat);
        assertThat(pattern).isEqualTo(PINNED);
    }

    private static final String PINNED = "....H.........H....H.H.H....H...........";
}
