package io.fuzzycal.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TextLinesTest {
    @Test
    void aPlainLineIsTheTextWithTheDefaultIdAndSource() {
        assertThat(TextLines.parse("Stocks rally on rate-cut hopes", "run-1", "stdin"))
                .isEqualTo(new ProducedText("run-1", "Stocks rally on rate-cut hopes", "stdin", null, null, null, null));
    }

    @Test
    void blankLinesAreSkipped() {
        assertThat(TextLines.parse("   ", "x", "stdin")).isNull();
        assertThat(TextLines.parse("", "x", "stdin")).isNull();
    }

    @Test
    void aJsonObjectCarriesEveryField() {
        ProducedText t = TextLines.parse("{\"id\":\"d7\",\"text\":\"Bank misses\",\"label\":0,\"labelName\":\"Bearish\","
                + "\"source\":\"my-tool\",\"publishedAt\":\"2026-12-04T10:00:00Z\",\"language\":\"en\",\"extra\":[1]}",
                "run-3", "stdin");
        assertThat(t).isEqualTo(new ProducedText("d7", "Bank misses", "my-tool", Instant.parse("2026-12-04T10:00:00Z"),
                "en", 0, "Bearish"));
        ProducedText minimal = TextLines.parse("  {\"text\":\"Up\",\"id\":42,\"publishedAt\":1000}", "run-4", "stdin");
        assertThat(minimal).isEqualTo(new ProducedText("42", "Up", "stdin", Instant.ofEpochMilli(1000), null, null, null));
    }

    @Test
    void malformedJsonAndWrongFieldsSayWhy() {
        assertThatThrownBy(() -> TextLines.parse("{\"text\": \"unclosed", "x", "s"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a JSON object");
        assertThatThrownBy(() -> TextLines.parse("{\"id\":\"a\"}", "x", "s")).hasMessageContaining("no \"text\"");
        assertThatThrownBy(() -> TextLines.parse("{\"text\":\"t\",\"label\":\"Bullish\"}", "x", "s"))
                .hasMessageContaining("\"label\" must be a class index");
        assertThatThrownBy(() -> TextLines.parse("{\"text\":\"t\",\"label\":-1}", "x", "s"))
                .hasMessageContaining("\"label\" must be a class index");
        assertThatThrownBy(() -> TextLines.parse("{\"text\":\"t\",\"labelName\":\"Bullish\"}", "x", "s"))
                .hasMessageContaining("needs \"label\"");
        assertThatThrownBy(() -> TextLines.parse("{\"text\":\"t\",\"publishedAt\":\"yesterday\"}", "x", "s"))
                .hasMessageContaining("not ISO-8601");
        assertThatThrownBy(() -> TextLines.parse("{\"text\":\"t\",\"id\":\"\"}", "x", "s"))
                .hasMessageContaining("\"id\" must be");
        assertThatThrownBy(() -> TextLines.parse("{\"text\":5}", "x", "s"))
                .hasMessageContaining("\"text\" must be a string");
    }
}
