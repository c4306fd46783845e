package io.fuzzycal.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The batch-bytes and concurrent-variants settings added for issue 15. */
class InferenceServiceBatchingConfigTest {

    @Test
    void defaultsToTheMeasuredBestAndChangesOnlyWhatItIsTold() {
        InferenceServiceConfig defaults = InferenceServiceConfig.of("broker:9092");
        assertThat(defaults.maxBatchBytes()).isEqualTo(InferenceServiceConfig.DEFAULT_MAX_BATCH_BYTES);
        assertThat(defaults.concurrentVariants()).isEqualTo(InferenceServiceConfig.DEFAULT_CONCURRENT_VARIANTS);

        InferenceServiceConfig changed = defaults.withMaxBatchBytes(4096).withConcurrentVariants(false);
        assertThat(changed.maxBatchBytes()).isEqualTo(4096);
        assertThat(changed.concurrentVariants()).isFalse();
        assertThat(changed.withMaxBatchBytes(defaults.maxBatchBytes()).withConcurrentVariants(defaults.concurrentVariants()))
                .isEqualTo(defaults);
        // the other with* methods keep the two new settings
        InferenceServiceConfig kept = changed.withKafka(Map.of("a", "b")).withTopics("in", "out").withGroupId("g")
                .withBatches(8, Duration.ofMillis(5)).withMaxTextBytes(10).withTopicLayout(1, (short) 1);
        assertThat(kept.maxBatchBytes()).isEqualTo(4096);
        assertThat(kept.concurrentVariants()).isFalse();
    }

    @Test
    void splitsTheThreadsBetweenTheVariantsOnlyWhenTheyRunConcurrently() {
        InferenceServiceConfig config = InferenceServiceConfig.of("broker:9092");
        assertThat(config.withConcurrentVariants(true).intraOpThreads(2)).isEqualTo(1);
        assertThat(config.withConcurrentVariants(true).intraOpThreads(8)).isEqualTo(4);
        assertThat(config.withConcurrentVariants(true).intraOpThreads(1)).isEqualTo(1);
        assertThat(config.withConcurrentVariants(false).intraOpThreads(2)).isEqualTo(2);
        assertThatThrownBy(() -> config.intraOpThreads(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesBatchBytesBelowOne() {
        InferenceServiceConfig defaults = InferenceServiceConfig.of("broker:9092");
        assertThatThrownBy(() -> defaults.withMaxBatchBytes(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
