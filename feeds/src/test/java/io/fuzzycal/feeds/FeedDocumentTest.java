package io.fuzzycal.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rometools.rome.io.FeedException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeedDocumentTest {
    private static final URI YAHOO = URI.create("https://finance.yahoo.com/news/rssindex");
    private static final URI REUTERS = URI.create("https://www.reuters.com/business/rss");
    private static final URI ATOM = URI.create("https://news.example.org/markets/atom.xml");

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = FeedDocumentTest.class.getResourceAsStream("/feeds/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void readsAnRss2FeedWithTitlesAndPublicationTimes() throws Exception {
        List<FeedItem> items = FeedDocument.parse(YAHOO, fixture("yahoo-finance-rss2.xml"), false);
        assertThat(items).extracting(FeedItem::text).containsExactly(
                "Chipmaker shares jump after record quarterly revenue beats estimates",
                "Oil slips as OPEC+ weighs output increase & demand worries linger",
                "Retailer cuts full-year outlook, shares tumble 12%");
        assertThat(items.get(0).publishedAt()).isEqualTo(Instant.parse("2026-12-04T21:05:12Z"));
        assertThat(items).extracting(FeedItem::id).allMatch(id -> id.matches("rss-finance\\.yahoo\\.com-[0-9a-f]{16}"))
                .doesNotHaveDuplicates();
    }

    @Test
    void summariesAreStrippedOfHtmlAndAnUntitledItemUsesItsDescription() throws Exception {
        List<FeedItem> titles = FeedDocument.parse(REUTERS, fixture("reuters-business-rss2.xml"), false);
        assertThat(titles).extracting(FeedItem::text).containsExactly(
                "Central bank holds rates steady, signals cuts next year",
                "Carmaker recalls 400,000 vehicles over faulty airbags",
                "Brief: shares of the miner rose 3% in early trade.");
        List<FeedItem> full = FeedDocument.parse(REUTERS, fixture("reuters-business-rss2.xml"), true);
        assertThat(full.get(0).text()).isEqualTo("Central bank holds rates steady, signals cuts next year\n\n"
                + "The central bank left its benchmark rate unchanged on Friday but said inflation was cooling & cuts "
                + "could come next year. Markets rose.");
        // a description that only repeats the title adds nothing
        assertThat(full.get(1).text()).isEqualTo("Carmaker recalls 400,000 vehicles over faulty airbags");
        // ids are the same whether or not summaries are included: they come from GUID or link
        assertThat(full).extracting(FeedItem::id).isEqualTo(titles.stream().map(FeedItem::id).toList());
    }

    @Test
    void readsAtomWithItsIdsAndTimes() throws Exception {
        List<FeedItem> items = FeedDocument.parse(ATOM, fixture("markets-atom.xml"), true);
        assertThat(items).hasSize(2);
        assertThat(items.get(0).text()).isEqualTo("Bank posts surprise loss on trading writedowns\n\nThe lender missed forecasts.");
        assertThat(items.get(0).publishedAt()).isEqualTo(Instant.parse("2026-12-04T21:30:00Z"));
        // no <published>: the update time
        assertThat(items.get(1).publishedAt()).isEqualTo(Instant.parse("2026-12-04T20:05:00Z"));
        assertThat(items.get(1).text()).startsWith("Utility\u2019s bond sale draws record demand");
        assertThat(items.get(0).id()).isEqualTo(FeedDocument.itemId(ATOM, "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a"));
    }

    @Test
    void itemIdsAreStablePerFeedAndKeyAndDifferAcrossFeeds() {
        String guid = "https://www.reuters.com/a/1";
        assertThat(FeedDocument.itemId(REUTERS, guid)).isEqualTo(FeedDocument.itemId(REUTERS, " " + guid + "\n"));
        assertThat(FeedDocument.itemId(REUTERS, guid)).isNotEqualTo(FeedDocument.itemId(YAHOO, guid));
        assertThat(FeedDocument.itemId(REUTERS, guid)).isNotEqualTo(FeedDocument.itemId(REUTERS, guid + "2"));
        assertThat(FeedDocument.itemId(URI.create("file:///tmp/f.xml"), guid)).startsWith("rss-local-");
    }

    @Test
    void theSameGuidInAnotherOrderIsTheSameItem() throws Exception {
        String a = "<rss version=\"2.0\"><channel><title>t</title><link>https://x.org</link><description>d</description>"
                + "<item><title>First</title><guid>g-1</guid></item><item><title>Second</title><guid>g-2</guid></item>"
                + "<item><title>First again</title><guid>g-1</guid></item></channel></rss>";
        List<FeedItem> items = FeedDocument.parse(YAHOO, a.getBytes(StandardCharsets.UTF_8), false);
        // a repeated GUID within one document is one item, the first occurrence
        assertThat(items).extracting(FeedItem::text).containsExactly("First", "Second");
        assertThat(items.get(0).id()).isEqualTo(FeedDocument.itemId(YAHOO, "g-1"));
    }

    @Test
    void aMalformedDocumentIsAFeedException() {
        assertThatThrownBy(() -> FeedDocument.parse(YAHOO, fixture("malformed.xml"), false))
                .isInstanceOf(FeedException.class);
        assertThatThrownBy(() -> FeedDocument.parse(YAHOO, "<html><body>Not found</body></html>"
                .getBytes(StandardCharsets.UTF_8), false)).isInstanceOf(FeedException.class);
    }

    @Test
    void plainTextDecodesEntitiesAndDropsTags() {
        assertThat(PlainText.of("<p>A &amp; B&#8217;s <a href='x'>deal</a>&#x21;</p><style>p{}</style>"))
                .isEqualTo("A & B\u2019s deal!");
        assertThat(PlainText.of("line<br/>break &unknown; &#99999999;")).isEqualTo("line break &unknown; &#99999999;");
        assertThat(PlainText.of(null)).isEmpty();
    }
}
