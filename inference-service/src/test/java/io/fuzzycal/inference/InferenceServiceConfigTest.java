package io.fuzzycal.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fuzzycal.schemas.Topics;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InferenceServiceConfigTest {

    @Test
    void startsFromTheDefaultsAndChangesOnlyWhatItIsTold() {
        InferenceServiceConfig defaults = InferenceServiceConfig.of("broker:9092");
        assertThat(defaults).isEqualTo(new InferenceServiceConfig("broker:9092", Map.of(), Topics.NEWS_TEXT,
                Topics.PREDICTIONS, InferenceServiceConfig.DEFAULT_GROUP, 256, Duration.ofMillis(50), 16_384, 3, (short) 1));
        assertThat(defaults.deadLetterTopic()).isEqualTo(Topics.deadLetter(Topics.NEWS_TEXT));

        InferenceServiceConfig changed = defaults.withKafka(Map.of("security.protocol", "SASL_SSL"))
                .withTopics("in", "out").withGroupId("g").withBatches(8, Duration.ofMillis(20)).withMaxTextBytes(100)
                .withTopicLayout(6, (short) 3);
        assertThat(changed).isEqualTo(new InferenceServiceConfig("broker:9092", Map.of("security.protocol", "SASL_SSL"),
                "in", "out", "g", 8, Duration.ofMillis(20), 100, 6, (short) 3));
        assertThat(changed.deadLetterTopic()).isEqualTo("in.dlq");
    }

    @Test
    void refusesSizesBelowOne() {
        InferenceServiceConfig defaults = InferenceServiceConfig.of("broker:9092");
        assertThatThrownBy(() -> defaults.withBatches(0, Duration.ofMillis(50))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withTopicLayout(3, (short) 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withMaxTextBytes(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
