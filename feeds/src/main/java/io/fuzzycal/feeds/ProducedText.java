package io.fuzzycal.feeds;

import java.time.Instant;
import java.util.Objects;

/**
 * One text as a user hands it over (a stdin line), with everything NewsText and Feedback can carry.
 *
 * @param id          document id
 * @param text        the text
 * @param source      where it came from ({@code stdin} unless the line says)
 * @param publishedAt when it was published, or null
 * @param language    BCP 47 tag, or null
 * @param label       true class index, or null when unlabelled
 * @param labelName   true class name, or null
 */
public record ProducedText(String id, String text, String source, Instant publishedAt, String language, Integer label,
                           String labelName) {
    public ProducedText {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
    }
}
