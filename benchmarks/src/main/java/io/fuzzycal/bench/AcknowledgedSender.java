package io.fuzzycal.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Loads a benchmark's input: sends records and, at {@link #flush}, makes sure every one was
 * acknowledged, sending those that were not again from a new producer.
 *
 * <p>Why: on CI, a producer's batch was once never acknowledged by the embedded broker and expired
 * after the default 120 s delivery timeout, failing the whole benchmark. Here a batch expires after
 * {@link #DELIVERY_TIMEOUT}, and its records go again on a fresh connection. A resent record may
 * arrive twice if the first attempt was written after all; the benchmarks wait for at least their
 * count, so that only shortens a pass by a few records. Only failed records are kept, so loading
 * does not hold the input in memory.
 */
final class AcknowledgedSender<K, V> implements AutoCloseable {
    static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final int ATTEMPTS = 3;

    private final Map<String, Object> config;
    private final Serializer<K> keys;
    private final Serializer<V> values;
    private final String what;
    private final Consumer<String> progress;
    private final ConcurrentLinkedQueue<ProducerRecord<K, V>> failed = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Exception> lastError = new AtomicReference<>();
    private KafkaProducer<K, V> producer;

    /**
     * @param client   the broker's client properties; linger, batch size and the like may be added
     * @param what     what is sent, for messages ("predictions")
     */
    AcknowledgedSender(Map<String, Object> client, Serializer<K> keys, Serializer<V> values, String what,
                       Consumer<String> progress) {
        this.config = new HashMap<>(client);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REQUEST_TIMEOUT.toMillis());
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis());
        this.keys = keys;
        this.values = values;
        this.what = what;
        this.progress = progress;
        this.producer = newProducer();
    }

    void send(ProducerRecord<K, V> record) {
        producer.send(record, (metadata, e) -> {
            if (e != null) {
                failed.add(record);
                lastError.set(e);
            }
        });
    }

    /** Waits until every record sent so far is acknowledged, sending failed ones again (3 attempts in all). */
    void flush() {
        for (int attempt = 1; ; attempt++) {
            producer.flush();
            if (failed.isEmpty()) {
                return;
            }
            List<ProducerRecord<K, V>> again = new ArrayList<>(failed);
            failed.clear();
            if (attempt == ATTEMPTS) {
                throw new IllegalStateException(again.size() + " " + what + " not acknowledged after " + ATTEMPTS
                        + " attempts: " + lastError.get(), lastError.get());
            }
            progress.accept("bench: " + again.size() + " " + what + " not acknowledged (" + lastError.get()
                    + "); sending them again from a new producer");
            producer.close(Duration.ZERO);
            producer = newProducer();
            again.forEach(this::send);
        }
    }

    @Override
    public void close() {
        producer.close();
    }

    private KafkaProducer<K, V> newProducer() {
        return new KafkaProducer<>(config, keys, values);
    }
}
