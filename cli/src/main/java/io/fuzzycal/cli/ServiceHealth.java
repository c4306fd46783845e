package io.fuzzycal.cli;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What a service's {@code /health/live} and {@code /health/ready} answer: {@code null} when fine, else
 * the reason (the body of a 503). Live: the process is doing its work (a failed one is restarted).
 * Ready: its topics are reachable and it is processing (Kafka Streams: state RUNNING).
 */
interface ServiceHealth {
    String notLive();

    String notReady();

    /** A Kafka Streams application: live unless failed, ready when RUNNING and its topics are reachable. */
    static ServiceHealth streams(Supplier<KafkaStreams.State> state, TopicsReachable topics) {
        return new ServiceHealth() {
            @Override
            public String notLive() {
                KafkaStreams.State s = state.get();
                return s == KafkaStreams.State.ERROR || s == KafkaStreams.State.PENDING_ERROR
                        ? "Kafka Streams state " + s : null;
            }

            @Override
            public String notReady() {
                KafkaStreams.State s = state.get();
                return s != KafkaStreams.State.RUNNING ? "Kafka Streams state " + s : topics.problem();
            }
        };
    }

    /**
     * A poll loop: live while it has polled within {@code stall} (or has not started yet: the start-up
     * probe covers that), ready once it polls and its topics are reachable. {@code sinceLastPollNanos}
     * is negative before the first poll.
     */
    static ServiceHealth pollLoop(LongSupplier sinceLastPollNanos, Duration stall, TopicsReachable topics) {
        return new ServiceHealth() {
            @Override
            public String notLive() {
                long since = sinceLastPollNanos.getAsLong();
                return since > stall.toNanos() ? "no poll for " + Duration.ofNanos(since).toSeconds() + " s" : null;
            }

            @Override
            public String notReady() {
                long since = sinceLastPollNanos.getAsLong();
                if (since < 0) {
                    return "not polling yet";
                }
                String stalled = notLive();
                return stalled != null ? stalled : topics.problem();
            }
        };
    }
}
