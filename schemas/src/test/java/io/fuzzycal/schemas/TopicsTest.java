package io.fuzzycal.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicsTest {
    @Test
    void deadLetterTopicsFollowTheContract() {
        assertThat(Topics.deadLetter(Topics.NEWS_TEXT)).isEqualTo("news.text.dlq");
        assertThat(Topics.deadLetter(Topics.FEEDBACK)).isEqualTo("sentiment.feedback.dlq");
        assertThatThrownBy(() -> Topics.deadLetter(" ")).hasMessageContaining("empty");
    }
}
