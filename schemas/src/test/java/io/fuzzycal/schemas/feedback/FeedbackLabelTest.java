package io.fuzzycal.schemas.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FeedbackLabelTest {
    private static final List<String> LABELS = List.of("Bearish", "Bullish", "Neutral");

    private static FeedbackLabel label(Integer index, String name) {
        return new FeedbackLabel("d1", index, name, "test");
    }

    @Test
    void resolvesANameIgnoringCaseAndSpaces() {
        assertThat(label(null, "Bearish").resolve(LABELS)).isZero();
        assertThat(label(null, "bullish").resolve(LABELS)).isEqualTo(1);
        assertThat(label(null, " NEUTRAL ").resolve(LABELS)).isEqualTo(2);
    }

    @Test
    void resolvesAnIndexAndAnIndexThatAgreesWithItsName() {
        assertThat(label(0, null).resolve(LABELS)).isZero();
        assertThat(label(2, null).resolve(LABELS)).isEqualTo(2);
        assertThat(label(1, "bullish").resolve(LABELS)).isEqualTo(1);
        assertThat(label(1, " ").resolve(LABELS)).isEqualTo(1);
    }

    @Test
    void refusesAnIndexOutOfRange() {
        assertThatThrownBy(() -> label(3, null).resolve(LABELS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label 3 is out of range").hasMessageContaining("3 classes");
        assertThatThrownBy(() -> label(-1, null).resolve(LABELS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("out of range");
    }

    @Test
    void refusesAnUnknownName() {
        assertThatThrownBy(() -> label(null, "Sideways").resolve(LABELS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("label 'Sideways' is not one of [Bearish, Bullish, Neutral]");
    }

    @Test
    void refusesAnIndexAndANameThatDisagree() {
        assertThatThrownBy(() -> label(0, "Bullish").resolve(LABELS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("label 0 is Bearish but the label name says Bullish");
        assertThatThrownBy(() -> label(9, "Bullish").resolve(LABELS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("out of range");
    }

    @Test
    void needsADocumentAndALabel() {
        assertThatThrownBy(() -> new FeedbackLabel(null, 0, null, "s")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without a document id");
        assertThatThrownBy(() -> new FeedbackLabel(" ", 0, null, "s")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without a document id");
        assertThatThrownBy(() -> new FeedbackLabel("d1", null, " ", "s")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("feedback for d1 has no label");
    }
}
