package io.fuzzycal.cli.feed;

import io.fuzzycal.cli.DurationConverter;
import io.fuzzycal.cli.FuzzycalVersion;
import io.fuzzycal.cli.InvalidInputException;
import io.fuzzycal.cli.ServiceOptions;
import io.fuzzycal.cli.SignalShutdown;
import io.fuzzycal.feeds.FeedPoller;
import io.fuzzycal.feeds.PollSettings;
import io.fuzzycal.schemas.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fuzzycal feed}: polls RSS/Atom feeds and publishes each new item once to news.text. */
@Command(name = "feed",
        mixinStandardHelpOptions = true,
        versionProvider = FuzzycalVersion.class,
        description = {"Polls RSS and Atom feeds every --interval and publishes each new item once, as a NewsText"
                + " (id from the item's GUID or link, text = its title, publishedAt = its publication time, source ="
                + " rss:<host>), however often it restarts and however many instances poll the same feed: published"
                + " ids are kept in the compacted --seen-topic, and each poll of a feed is one Kafka transaction"
                + " that fences any other instance polling that feed. See docs/feeds.md.",
            "A feed that fails (HTTP error, time-out, not a feed) is reported on stderr and the others go on.",
            "Defaults fit `fuzzycal broker`: --bootstrap-servers " + FeedClients.DEFAULT_BOOTSTRAP
                    + ", --schema-registry " + FeedClients.DEFAULT_REGISTRY + "."})
public final class FeedCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServiceOptions service = new ServiceOptions();

    @Option(names = "--rss", required = true, arity = "1..*", paramLabel = "<url>",
            description = "An RSS or Atom feed (http or https); repeatable, or several after one --rss.")
    List<String> feeds = new ArrayList<>();

    @Option(names = "--interval", defaultValue = "60s", converter = DurationConverter.class, paramLabel = "<duration>",
            description = "Time between the starts of two polls of every feed. Default: ${DEFAULT-VALUE}.")
    Duration interval;

    @Option(names = "--connect-timeout", defaultValue = "10s", converter = DurationConverter.class,
            paramLabel = "<duration>", description = "Default: ${DEFAULT-VALUE}.")
    Duration connectTimeout;

    @Option(names = "--read-timeout", defaultValue = "30s", converter = DurationConverter.class,
            paramLabel = "<duration>", description = "How long a feed's server may take to answer. Default: ${DEFAULT-VALUE}.")
    Duration readTimeout;

    @Option(names = "--with-summary",
            description = "Text = the item's title, a blank line, and its description as plain text (HTML stripped);"
                    + " default: the title alone, as headlines are what the default model was trained on.")
    boolean withSummary;

    @Option(names = "--polls", defaultValue = "0", paramLabel = "<n>",
            description = "Stop after this many rounds of polls; 0 = until stopped (Ctrl-C). Default: ${DEFAULT-VALUE}.")
    int polls;

    @Option(names = "--text-topic", defaultValue = Topics.NEWS_TEXT, paramLabel = "<topic>",
            description = "Default: ${DEFAULT-VALUE}.")
    String textTopic;

    @Option(names = "--seen-topic", defaultValue = PollSettings.SEEN_TOPIC, paramLabel = "<topic>",
            description = "Compacted topic of the ids already published. Default: ${DEFAULT-VALUE}.")
    String seenTopic;

    @Override
    public Integer call() throws IOException, InterruptedException {
        List<URI> uris = feeds.stream().map(FeedCommand::feedUri).distinct().toList();
        for (Duration d : List.of(interval, connectTimeout, readTimeout)) {
            if (d.isNegative() || d.isZero()) {
                throw new InvalidInputException("--interval, --connect-timeout and --read-timeout must be positive");
            }
        }
        if (polls < 0) {
            throw new InvalidInputException("--polls must be 0 or more, got " + polls);
        }
        PrintWriter err = spec.commandLine().getErr();
        FeedClients clients = FeedClients.of(service);
        clients.ensureTopics(textTopic);
        PollSettings settings = new PollSettings(clients.client, clients.registry, textTopic, seenTopic, connectTimeout,
                readTimeout, withSummary);
        CountDownLatch stop = new CountDownLatch(1);
        SignalShutdown shutdown = SignalShutdown.install(stop::countDown, "fuzzycal-feed-shutdown");
        FeedPoller poller;
        try {
            poller = FeedPoller.open(settings, line -> {
                err.println("fuzzycal feed: " + line);
                err.flush();
            });
        } catch (RuntimeException e) {
            shutdown.closed();
            throw new IOException("cannot start polling: " + e.getMessage(), e);
        }
        err.printf("fuzzycal feed: polling %d feed(s) every %s into %s%n", uris.size(),
                DurationConverter.format(interval), textTopic);
        err.flush();
        try (poller) {
            for (int round = 1; polls == 0 || round <= polls; round++) {
                long started = System.nanoTime();
                for (URI feed : uris) {
                    if (stop.getCount() == 0) {
                        break;
                    }
                    FeedPoller.PollOutcome outcome = poller.poll(feed);
                    if (!outcome.failed()) {
                        err.printf("fuzzycal feed: %s: %d item(s), %d new%n", feed, outcome.items(), outcome.published());
                    }
                }
                err.printf(Locale.ROOT, "fuzzycal feed: round %d done: %d published, %d failed poll(s) so far%n", round,
                        poller.published(), poller.errors());
                err.flush();
                if (polls != 0 && round == polls) {
                    break;
                }
                long wait = interval.toNanos() - (System.nanoTime() - started);
                if (stop.await(Math.max(0, wait), TimeUnit.NANOSECONDS)) {
                    break;
                }
            }
            shutdown.mainLoopReturned();
            spec.commandLine().getOut().printf("fuzzycal feed: %d item(s) published, %d failed poll(s)%n",
                    poller.published(), poller.errors());
            spec.commandLine().getOut().flush();
        } finally {
            shutdown.closed();
        }
        return 0;
    }

    static URI feedUri(String value) {
        try {
            URI uri = new URI(value.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new InvalidInputException("--rss " + value + ": not an http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new InvalidInputException("--rss " + value + ": not a URL (" + e.getMessage() + ")");
        }
    }
}
