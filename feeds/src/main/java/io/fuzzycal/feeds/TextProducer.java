package io.fuzzycal.feeds;

import java.io.BufferedReader;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes texts as they come (stdin lines, {@link ProducedText}) to the text topic as NewsText, and the
 * label of a labelled one at once to the feedback topic as Feedback. One idempotent producer; the
 * first record the broker refuses is kept and thrown by {@link #flush()}.
 */
public final class TextProducer implements AutoCloseable {
    private final Producer<String, byte[]> producer;
    private final NewsRecords records;
    private final AtomicLong textsSent = new AtomicLong();
    private final AtomicLong labelsSent = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private TextProducer(ProduceSettings settings) {
        this.producer = new KafkaProducer<>(NewsRecords.producerConfig(settings.producerConfig()));
        this.records = new NewsRecords(settings.registry(), settings.textTopic(), settings.feedbackTopic());
    }

    public static TextProducer open(ProduceSettings settings) {
        return new TextProducer(settings);
    }

    /** What {@link #produceLines} did. */
    public record LinesResult(long texts, long labels, long rejected) {
    }

    /**
     * Sends every line of {@code in} ({@link TextLines}); a malformed line is handed to {@code rejected}
     * with its line number and skipped, the rest still go. Texts without an id get
     * {@code <idPrefix>-<line>}. Flushes at the end.
     *
     * @throws FeedFailedException when the broker refused a record
     */
    public LinesResult produceLines(BufferedReader in, String inputName, String idPrefix, String source,
                                    Consumer<TextInputException> rejected) throws IOException {
        long lineNumber = 0;
        long texts = 0;
        long labels = 0;
        long bad = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNumber++;
            ProducedText text;
            try {
                text = TextLines.parse(line, idPrefix + "-" + lineNumber, source);
            } catch (IllegalArgumentException e) {
                bad++;
                rejected.accept(new TextInputException(inputName, lineNumber, e.getMessage()));
                continue;
            }
            if (text == null) {
                continue;
            }
            send(text);
            texts++;
            if (text.label() != null) {
                labels++;
            }
            throwIfFailed();
        }
        flush();
        return new LinesResult(texts, labels, bad);
    }

    /** Hands {@code text} (and its label) to the producer; returns before the broker acknowledges. */
    public void send(ProducedText text) {
        Instant now = Instant.now();
        send(records.text(text.id(), text.text(), text.source(), text.publishedAt(), text.language()), textsSent);
        if (text.label() != null) {
            send(records.label(text.id(), text.label(), text.labelName(), now, text.source()), labelsSent);
        }
    }

    /** Waits until every record handed over is acknowledged. @throws FeedFailedException when one was refused */
    public void flush() {
        producer.flush();
        throwIfFailed();
    }

    public long textsSent() {
        return textsSent.get();
    }

    public long labelsSent() {
        return labelsSent.get();
    }

    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(10));
    }

    private void throwIfFailed() {
        Throwable error = failure.get();
        if (error != null) {
            throw new FeedFailedException("the broker refused a record: " + error.getMessage(), error);
        }
    }

    private void send(ProducerRecord<String, byte[]> record, AtomicLong acknowledged) {
        producer.send(record, (metadata, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            } else {
                acknowledged.incrementAndGet();
            }
        });
    }
}
