package io.fuzzycal.feeds;

import java.time.Instant;

/**
 * One item of an RSS or Atom feed, as the poller publishes it.
 *
 * @param id          the document id, derived from the feed URL and the item's GUID (Atom id), else its link
 * @param text        the text to classify
 * @param publishedAt the item's publication (else update) time, or null
 */
record FeedItem(String id, String text, Instant publishedAt) {
}
