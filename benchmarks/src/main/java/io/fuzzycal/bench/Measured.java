package io.fuzzycal.bench;

import static io.fuzzycal.bench.CalibrateStreamPlan.PROGRESS_NANOS;
import static io.fuzzycal.bench.CalibrateStreamPlan.WAIT;

import io.fuzzycal.devkafka.CommittedTopic;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The committed output of one Kafka Streams app in one pass.
 *
 * @param records        records it committed
 * @param timed          records committed after the first committed batch, in {@code seconds}
 * @param seconds        from the first committed batch to the last
 * @param startupSeconds from start to the first committed batch
 */
record Measured(int records, long timed, double seconds, double startupSeconds) {
    private static final Duration POLL = Duration.ofMillis(20);

    /** Records/s after the first batch; NaN when that batch held more than half of them (too few to time). */
    double rate() {
        return timed * 2 < records || seconds <= 0 ? Double.NaN : timed / seconds;
    }

    /**
     * Counts {@code output} until {@code expected} records are committed: from the app's start to the first
     * committed batch (group join, task and store set-up, the first transaction: not timed), then the records
     * committed after that batch over the time from it to the last. Both sides are timed alike; what differs
     * is only what the app does per record. Fails when the app stops, or after {@link CalibrateStreamPlan#WAIT}.
     */
    static Measured await(String name, Supplier<KafkaStreams.State> state, long started, CommittedTopic output,
                          int expected, Consumer<String> progress) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long nextProgress = System.nanoTime() + PROGRESS_NANOS;
        long first = 0;
        long firstBatch = 0;
        while (output.count() < expected) {
            output.poll(POLL);
            long now = System.nanoTime();
            if (first == 0 && output.count() > 0) {
                first = now;
                firstBatch = output.count();
            }
            KafkaStreams.State s = state.get();
            if (s == KafkaStreams.State.ERROR || s == KafkaStreams.State.NOT_RUNNING || s == KafkaStreams.State.PENDING_ERROR) {
                throw new IllegalStateException(name + ": Kafka Streams stopped (" + s + ") after " + output.count()
                        + " of " + expected + " records");
            }
            if (now > deadline) {
                throw new IllegalStateException(name + ": only " + output.count() + " of " + expected
                        + " records committed after " + WAIT);
            }
            if (now > nextProgress) {
                progress.accept("bench calibrate-stream: " + name + ": " + output.count() + "/" + expected + " committed");
                nextProgress += PROGRESS_NANOS;
            }
        }
        long last = System.nanoTime();
        if (output.count() != expected) {
            throw new IllegalStateException(name + ": " + output.count() + " records committed, expected " + expected);
        }
        return new Measured(expected, expected - firstBatch, (last - first) / 1e9, (first - started) / 1e9);
    }
}
