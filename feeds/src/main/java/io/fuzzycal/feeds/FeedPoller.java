package io.fuzzycal.feeds;

import com.rometools.rome.io.FeedException;
import io.fuzzycal.schemas.TopicProvisioner;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Polls RSS and Atom feeds and publishes each item once, as NewsText, however many times it appears,
 * however often the poller restarts and however many pollers poll the same feed.
 *
 * <p>How: the ids of published items are kept in a compacted topic (the seen topic, key = item id).
 * Each poll of a feed fetches it, then opens a transactional producer whose {@code transactional.id}
 * derives from the feed URL and calls {@code initTransactions}, which fences any other instance
 * polling that feed and completes or aborts its open transaction; then reads the seen topic,
 * {@code read_committed}, up to the end it had when the fence went up; then writes the new items and
 * their seen markers in one transaction. A poller that was fenced commits nothing, and the one that
 * fenced it reads what it committed. A feed that fails (HTTP error, time-out, not a feed) is reported
 * to the log and counted; the poller goes on with the other feeds.
 */
public final class FeedPoller implements AutoCloseable {
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    static final String TRANSACTIONAL_ID_PREFIX = "fuzzycal-feed-";

    private final PollSettings settings;
    private final Consumer<String> log;
    private final FeedFetcher fetcher;
    private final NewsRecords records;
    private final Admin admin;
    private final KafkaConsumer<String, String> seenReader;
    private final List<TopicPartition> seenPartitions;
    private final Set<String> seen = new HashSet<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();

    /** What one poll of one feed did: items in the document, items published, or the error. */
    public record PollOutcome(URI feed, int items, int published, String error) {
        public boolean failed() {
            return error != null;
        }
    }

    private FeedPoller(PollSettings settings, Consumer<String> log) {
        this.settings = settings;
        this.log = log;
        this.fetcher = new FeedFetcher(settings.connectTimeout(), settings.readTimeout());
        this.records = new NewsRecords(settings.registry(), settings.textTopic(), null); // no labels in feeds
        this.admin = Admin.create(settings.clientConfig());
        try {
            TopicProvisioner.ensure(admin, List.of(new NewTopic(settings.seenTopic(), Optional.of(1), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))));
            Map<String, Object> config = new HashMap<>(settings.clientConfig());
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            config.remove(ConsumerConfig.GROUP_ID_CONFIG);
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            this.seenReader = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
            this.seenPartitions = seenReader.partitionsFor(settings.seenTopic(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            seenReader.assign(seenPartitions);
            seenReader.seekToBeginning(seenPartitions);
        } catch (RuntimeException e) {
            admin.close(CLOSE_TIMEOUT);
            throw e;
        }
    }

    /**
     * A poller; creates the seen topic when it is missing.
     *
     * @param log where each feed's problems (and fencing by another instance) are reported, one line each
     */
    public static FeedPoller open(PollSettings settings, Consumer<String> log) {
        return new FeedPoller(settings, log);
    }

    /** Items this poller has published. */
    public long published() {
        return published.get();
    }

    /** Polls that failed (fetch, parse or publish). */
    public long errors() {
        return errors.get();
    }

    /** Polls every feed once, in order; one feed's failure does not stop the others. */
    public List<PollOutcome> pollAll(List<URI> feeds) throws InterruptedException {
        List<PollOutcome> outcomes = new ArrayList<>();
        for (URI feed : feeds) {
            outcomes.add(poll(feed));
        }
        return outcomes;
    }

    /** Fetches {@code feed} and publishes its items not published before. Never throws for a bad feed. */
    public PollOutcome poll(URI feed) throws InterruptedException {
        List<FeedItem> items;
        try {
            items = FeedDocument.parse(feed, fetcher.fetch(feed), settings.withSummary());
        } catch (FeedException e) {
            return failed(feed, 0, "not a valid RSS or Atom feed: " + e.getMessage());
        } catch (IOException e) {
            return failed(feed, 0, e.getMessage());
        }
        if (items.isEmpty()) {
            return new PollOutcome(feed, 0, 0, null);
        }
        try {
            return new PollOutcome(feed, items.size(), publish(feed, items), null);
        } catch (KafkaException e) {
            Throwable fence = fencing(e);
            if (fence != null) {
                // another instance polls this feed now; it reads what was committed and publishes the rest
                log.accept("feed " + feed + ": another poller took over this poll (" + fence.getClass().getSimpleName()
                        + "); nothing of it was committed, the other publishes the new items");
                return new PollOutcome(feed, items.size(), 0, null);
            }
            return failed(feed, items.size(), "publishing failed: " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
        } catch (IllegalStateException e) {
            return failed(feed, items.size(), "publishing failed: " + e.getMessage());
        }
    }

    private int publish(URI feed, List<FeedItem> items) throws InterruptedException {
        Map<String, Object> config = new HashMap<>(NewsRecords.producerConfig(settings.clientConfig()));
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId(feed));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config);
        try {
            producer.initTransactions();
            catchUp();
            List<FeedItem> fresh = items.stream().filter(i -> !seen.contains(i.id())).toList();
            if (fresh.isEmpty()) {
                return 0;
            }
            String source = "rss:" + FeedDocument.host(feed);
            producer.beginTransaction();
            try {
                for (FeedItem item : fresh) {
                    producer.send(records.text(item.id(), item.text(), source, item.publishedAt(), null));
                    producer.send(new ProducerRecord<>(settings.seenTopic(), item.id(),
                            feed.toString().getBytes(StandardCharsets.UTF_8)));
                }
                producer.commitTransaction();
            } catch (KafkaException e) {
                if (fencing(e) == null) {
                    abortQuietly(producer, e);
                }
                throw e; // when fenced, the fencing instance has aborted this transaction already
            }
            fresh.forEach(i -> seen.add(i.id()));
            published.addAndGet(fresh.size());
            return fresh.size();
        } finally {
            producer.close(CLOSE_TIMEOUT);
        }
    }

    /**
     * Reads the seen topic up to its end at this moment, read_committed: past every transaction
     * begun before now, committed or aborted, so every item any instance has published is known.
     */
    private void catchUp() throws InterruptedException {
        Map<TopicPartition, Long> ends;
        try {
            ends = admin.listOffsets(seenPartitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())),
                            new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get()
                    .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        } catch (java.util.concurrent.ExecutionException e) {
            throw new KafkaException("cannot read the end of " + settings.seenTopic() + ": " + e.getCause().getMessage(),
                    e.getCause());
        }
        long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
        while (!caughtUp(ends)) {
            if (System.nanoTime() > deadline) {
                throw new KafkaException("the seen topic " + settings.seenTopic() + " did not settle within "
                        + CATCH_UP_TIMEOUT.toSeconds() + " s (a transaction left open?)");
            }
            for (ConsumerRecord<String, String> r : seenReader.poll(Duration.ofMillis(100))) {
                seen.add(r.key());
            }
        }
    }

    private boolean caughtUp(Map<TopicPartition, Long> ends) {
        for (TopicPartition p : seenPartitions) {
            if (seenReader.position(p) < ends.get(p)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The fencing behind {@code e}, if another poller's {@code initTransactions} caused it: the producer
     * is fenced (an old epoch), or the coordinator aborted this transaction for the new epoch, which the
     * client reports as an invalid transaction state (seen with transactions v2 on Kafka 4).
     */
    static Throwable fencing(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException
                    || t instanceof InvalidTxnStateException) {
                return t;
            }
        }
        return null;
    }

    private static void abortQuietly(KafkaProducer<String, byte[]> producer, KafkaException cause) {
        try {
            producer.abortTransaction();
        } catch (KafkaException abortFailed) {
            cause.addSuppressed(abortFailed);
        }
    }

    private PollOutcome failed(URI feed, int items, String reason) {
        errors.incrementAndGet();
        log.accept("feed " + feed + ": " + reason);
        return new PollOutcome(feed, items, 0, reason);
    }

    /** The transactional id of every poller of {@code feed}: the same feed, the same id, so they fence. */
    static String transactionalId(URI feed) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(feed.toString().getBytes(StandardCharsets.UTF_8));
            return TRANSACTIONAL_ID_PREFIX + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is in every JRE", e);
        }
    }

    @Override
    public void close() {
        seenReader.close(CLOSE_TIMEOUT);
        admin.close(CLOSE_TIMEOUT);
    }
}
