package io.fuzzycal.feeds;

import io.fuzzycal.schemas.registry.SchemaRegistry;
import java.util.Map;
import java.util.Objects;

/**
 * Where a {@link TextProducer} writes.
 *
 * @param producerConfig bootstrap.servers and any client or security properties
 * @param registry       where the NewsText and Feedback schemas are registered
 * @param textTopic      where texts go ({@code news.text})
 * @param feedbackTopic  where the labels of labelled texts go ({@code sentiment.feedback})
 */
public record ProduceSettings(Map<String, Object> producerConfig, SchemaRegistry registry, String textTopic,
                              String feedbackTopic) {
    public ProduceSettings {
        producerConfig = Map.copyOf(producerConfig);
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(textTopic, "textTopic");
        Objects.requireNonNull(feedbackTopic, "feedbackTopic");
    }
}
