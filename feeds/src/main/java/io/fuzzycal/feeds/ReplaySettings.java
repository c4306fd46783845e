package io.fuzzycal.feeds;

import io.fuzzycal.schemas.registry.SchemaRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link FeedReplayer} publishes.
 *
 * @param producerConfig bootstrap.servers and any client or security properties; the replayer adds its
 *                       serializers and idempotence
 * @param registry       where the NewsText and Feedback schemas are registered
 * @param textTopic      where texts go ({@code news.text})
 * @param feedbackTopic  where labels go ({@code sentiment.feedback})
 * @param ratePerSecond  texts a second, paced evenly; 0 or less: as fast as the broker takes them
 * @param labelDelay     how long after its text a label is sent
 * @param source         the {@code source} of every NewsText and Feedback ({@code replay:tweets})
 */
public record ReplaySettings(Map<String, Object> producerConfig, SchemaRegistry registry, String textTopic,
                             String feedbackTopic, double ratePerSecond, Duration labelDelay, String source) {
    public ReplaySettings {
        producerConfig = Map.copyOf(producerConfig);
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(textTopic, "textTopic");
        Objects.requireNonNull(feedbackTopic, "feedbackTopic");
        Objects.requireNonNull(source, "source");
        if (labelDelay == null || labelDelay.isNegative()) {
            throw new IllegalArgumentException("labelDelay must be zero or more, got " + labelDelay);
        }
        if (Double.isNaN(ratePerSecond) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("ratePerSecond must be finite, got " + ratePerSecond);
        }
    }
}
