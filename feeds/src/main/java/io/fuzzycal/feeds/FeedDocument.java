package io.fuzzycal.feeds;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the bytes of an RSS (0.9x, 1.0, 2.0) or Atom document into {@link FeedItem}s, with ROME.
 * An item's text is its title (headlines are what the sentiment model was trained on); with
 * {@code withSummary}, its description or summary follows as plain text. Its id is
 * {@code rss-<host>-<16 hex of SHA-256(feed URL, GUID or Atom id, else link, else title)>}: stable
 * across polls and restarts, and the same article carried by two feeds is two documents.
 */
final class FeedDocument {
    private FeedDocument() {
    }

    /**
     * The items of {@code body}, first occurrence of an id kept.
     *
     * @throws FeedException when it is not a feed ROME can read
     */
    static List<FeedItem> parse(URI feed, byte[] body, boolean withSummary) throws IOException, FeedException {
        SyndFeedInput input = new SyndFeedInput();
        input.setAllowDoctypes(false); // no external entities from a feed
        SyndFeed parsed;
        try {
            parsed = input.build(new XmlReader(new ByteArrayInputStream(body)));
        } catch (IllegalArgumentException e) {
            // ROME's word for well-formed XML that is no feed type it knows (an HTML error page)
            throw new FeedException("not an RSS or Atom document (" + e.getMessage() + ")", e);
        }
        Map<String, FeedItem> items = new LinkedHashMap<>();
        for (SyndEntry entry : parsed.getEntries()) {
            String key = firstNonBlank(entry.getUri(), entry.getLink(), entry.getTitle());
            String text = text(entry, withSummary);
            if (key == null || text.isEmpty()) {
                continue; // nothing to classify or to know it by
            }
            java.util.Date date = entry.getPublishedDate() != null ? entry.getPublishedDate() : entry.getUpdatedDate();
            items.putIfAbsent(itemId(feed, key), new FeedItem(itemId(feed, key), text,
                    date == null ? null : date.toInstant()));
        }
        return new ArrayList<>(items.values());
    }

    static String itemId(URI feed, String key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(feed.toString().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(key.strip().getBytes(StandardCharsets.UTF_8));
            return "rss-" + host(feed) + "-" + HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is in every JRE", e);
        }
    }

    /** The feed's host, the source of its items ({@code rss:<host>}). */
    static String host(URI feed) {
        return feed.getHost() == null ? "local" : feed.getHost();
    }

    private static String text(SyndEntry entry, boolean withSummary) {
        String title = PlainText.of(entry.getTitle());
        String summary = "";
        if (withSummary || title.isEmpty()) {
            SyndContent description = entry.getDescription();
            if (description != null) {
                summary = PlainText.of(description.getValue());
            } else if (!entry.getContents().isEmpty()) {
                summary = PlainText.of(entry.getContents().get(0).getValue());
            }
        }
        if (title.isEmpty()) {
            return summary;
        }
        return summary.isEmpty() || summary.equals(title) ? title : title + "\n\n" + summary;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
