package io.fuzzycal.schemas.feedback;

import java.util.List;
import java.util.Locale;

/**
 * A label for a document, as read from the feedback topic: an index, a class name, or both.
 *
 * @param documentId the labelled document
 * @param index label index, or null when only a name was given
 * @param name label name ({@code Bearish}), or null
 * @param source who labelled it
 */
public record FeedbackLabel(String documentId, Integer index, String name, String source) {
    public FeedbackLabel {
        if (documentId == null || documentId.isBlank()) {
            throw new IllegalArgumentException("feedback without a document id");
        }
        if (index == null && (name == null || name.isBlank())) {
            throw new IllegalArgumentException("feedback for " + documentId + " has no label");
        }
    }

    /**
     * The class index this label means for a model with {@code labels}.
     *
     * @throws IllegalArgumentException when the index is out of range, the name unknown, or the two disagree
     */
    public int resolve(List<String> labels) {
        Integer byName = null;
        if (name != null && !name.isBlank()) {
            for (int k = 0; k < labels.size(); k++) {
                if (labels.get(k).equalsIgnoreCase(name.strip())) {
                    byName = k;
                }
            }
            if (byName == null) {
                throw new IllegalArgumentException("label '" + name + "' is not one of " + labels);
            }
        }
        if (index != null) {
            if (index < 0 || index >= labels.size()) {
                throw new IllegalArgumentException("label " + index + " is out of range: the model has "
                        + labels.size() + " classes " + labels);
            }
            if (byName != null && !byName.equals(index)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "label %d is %s but the label name says %s", index, labels.get(index), name));
            }
            return index;
        }
        return byName;
    }
}
