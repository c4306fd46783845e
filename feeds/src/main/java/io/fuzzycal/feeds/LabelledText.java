package io.fuzzycal.feeds;

import java.util.Objects;

/**
 * One text to publish, with its true class when it has one.
 *
 * @param id    the document id (the record key of the text and of its label)
 * @param text  the text, as it is to be classified
 * @param label index of the true class in the model's label order, or null when unlabelled
 */
public record LabelledText(String id, String text, Integer label) {
    public LabelledText {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        if (label != null && label < 0) {
            throw new IllegalArgumentException("label must be a class index >= 0, got " + label);
        }
    }
}
