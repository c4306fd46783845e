package io.fuzzycal.feeds;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Plays texts as a live feed: each text to the text topic as NewsText at an even rate, and, for a
 * labelled text, its Feedback to the feedback topic {@code labelDelay} after the text was sent (a
 * labeller that lags the stream). Runs on its own thread; one idempotent producer, so a retry never
 * writes a record twice. The first record the broker refuses stops the replay: {@link #failure()}
 * says why and {@link #awaitDone} throws it.
 */
public final class FeedReplayer implements AutoCloseable {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final long MAX_SLEEP_NANOS = 100_000_000L;

    private final ReplaySettings settings;
    private final Iterator<LabelledText> texts;
    private final Producer<String, byte[]> producer;
    private final NewsRecords records;
    private final Pacer pacer;
    private final ArrayDeque<PendingLabel> pending = new ArrayDeque<>();
    private final AtomicLong textsSent = new AtomicLong();
    private final AtomicLong labelsSent = new AtomicLong();
    private final AtomicLong labelsQueued = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Object lock = new Object();
    private final Thread thread;
    private volatile boolean stopped;
    private volatile boolean allHandedOver;

    private record PendingLabel(long dueNanos, Instant textSentAt, String documentId, int label) {
    }

    private FeedReplayer(ReplaySettings settings, Iterator<LabelledText> texts, Producer<String, byte[]> producer) {
        this.settings = settings;
        this.texts = texts;
        this.producer = producer;
        this.records = new NewsRecords(settings.registry(), settings.textTopic(), settings.feedbackTopic());
        this.pacer = new Pacer(settings.ratePerSecond());
        this.thread = new Thread(this::run, "fuzzycal-feed-replayer");
        this.thread.setDaemon(true);
    }

    /** Starts replaying {@code texts} on a thread of its own. */
    public static FeedReplayer start(ReplaySettings settings, Iterator<LabelledText> texts) {
        Producer<String, byte[]> producer = new KafkaProducer<>(NewsRecords.producerConfig(settings.producerConfig()));
        FeedReplayer replayer = new FeedReplayer(settings, texts, producer);
        replayer.thread.start();
        return replayer;
    }

    /** Texts the broker has acknowledged. */
    public long textsSent() {
        return textsSent.get();
    }

    /** Labels the broker has acknowledged. */
    public long labelsSent() {
        return labelsSent.get();
    }

    /** Labels of sent texts that are waiting for their delay or for the broker's acknowledgement. */
    public long labelsPending() {
        return labelsQueued.get() - labelsSent.get();
    }

    /** Why the replay stopped early, if it did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    /**
     * Waits until every text and every label has been sent and acknowledged; false when
     * {@code timeout} passes first.
     *
     * @throws FeedFailedException when the replay stopped on an error
     */
    public boolean awaitDone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                Throwable error = failure.get();
                if (error != null) {
                    throw new FeedFailedException("the replay to " + settings.textTopic() + " failed: "
                            + error.getMessage(), error);
                }
                if (done()) {
                    return true;
                }
                if (stopped) {
                    return false; // closed before the end: it will never be done
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.wait(Math.max(1, Math.min(left / 1_000_000, 100)));
            }
        }
    }

    /** Whether {@link #close} was called. */
    public boolean isClosed() {
        return stopped;
    }

    private boolean done() {
        return allHandedOver && inFlight.get() == 0;
    }

    /** Stops sending; what was already handed to the producer is flushed (for at most 10 s). */
    @Override
    public void close() {
        stopped = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        try {
            thread.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(CLOSE_TIMEOUT);
    }

    private void run() {
        try {
            while (!stopped && failure.get() == null) {
                long now = System.nanoTime();
                sendDueLabels(now);
                boolean moreTexts = texts.hasNext();
                if (!moreTexts && pending.isEmpty()) {
                    break;
                }
                long textWait = moreTexts ? pacer.waitNanos(now) : Long.MAX_VALUE;
                if (textWait == 0) {
                    sendText(texts.next(), now);
                    continue;
                }
                long labelWait = pending.isEmpty() ? Long.MAX_VALUE : pending.peekFirst().dueNanos() - now;
                sleep(Math.min(MAX_SLEEP_NANOS, Math.min(textWait, labelWait)));
            }
            if (!stopped && failure.get() == null) {
                allHandedOver = true;
                producer.flush();
            }
        } catch (RuntimeException e) {
            fail(e);
        } finally {
            synchronized (lock) {
                lock.notifyAll();
            }
        }
    }

    private void sendText(LabelledText text, long now) {
        pacer.sent(now);
        Instant sentAt = Instant.now();
        send(records.text(text.id(), text.text(), settings.source(), sentAt, null), textsSent);
        if (text.label() != null) {
            labelsQueued.incrementAndGet();
            pending.addLast(new PendingLabel(now + settings.labelDelay().toNanos(), sentAt, text.id(), text.label()));
        }
    }

    private void sendDueLabels(long now) {
        // the queue is in send order and every label waits the same delay, so it is in due order too
        while (!pending.isEmpty() && pending.peekFirst().dueNanos() <= now && !stopped) {
            PendingLabel label = pending.removeFirst();
            // the wall clock may step; the label's time is never less than the delay after its text's
            Instant due = label.textSentAt().plus(settings.labelDelay());
            Instant wallNow = Instant.now();
            Instant labelledAt = wallNow.isBefore(due) ? due : wallNow;
            send(records.label(label.documentId(), label.label(), null, labelledAt, settings.source()), labelsSent);
        }
    }

    private void send(ProducerRecord<String, byte[]> record, AtomicLong acknowledged) {
        inFlight.incrementAndGet();
        producer.send(record, (metadata, error) -> {
            if (error != null) {
                fail(error);
            } else {
                acknowledged.incrementAndGet();
            }
            inFlight.decrementAndGet();
            synchronized (lock) {
                lock.notifyAll();
            }
        });
    }

    private void fail(Throwable error) {
        failure.compareAndSet(null, error);
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    private void sleep(long nanos) {
        if (nanos <= 0) {
            return;
        }
        synchronized (lock) {
            if (stopped) {
                return;
            }
            try {
                lock.wait(nanos / 1_000_000, (int) (nanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = true;
            }
        }
    }
}
