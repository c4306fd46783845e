package io.fuzzycal.feeds;

import io.fuzzycal.schemas.registry.SchemaRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link FeedPoller} fetches and publishes.
 *
 * @param clientConfig   bootstrap.servers and any client or security properties (producer, consumer, admin)
 * @param registry       where the NewsText schema is registered
 * @param textTopic      where items go ({@code news.text})
 * @param seenTopic      the compacted topic of published item ids ({@code news.feed.seen}); created when missing
 * @param connectTimeout how long to wait for a feed's server to accept the connection
 * @param readTimeout    how long to wait for the whole response after that
 * @param withSummary    whether an item's text is its title followed by its description, or the title alone
 */
public record PollSettings(Map<String, Object> clientConfig, SchemaRegistry registry, String textTopic,
                           String seenTopic, Duration connectTimeout, Duration readTimeout, boolean withSummary) {
    /** The default name of the seen topic. */
    public static final String SEEN_TOPIC = "news.feed.seen";

    public PollSettings {
        clientConfig = Map.copyOf(clientConfig);
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(textTopic, "textTopic");
        Objects.requireNonNull(seenTopic, "seenTopic");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }
}
