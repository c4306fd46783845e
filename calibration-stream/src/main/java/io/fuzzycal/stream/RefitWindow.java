package io.fuzzycal.stream;

import io.fuzzycal.calibration.CalibratorJson;
import io.fuzzycal.schemas.avro.CalibratorModel;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded refit window of each model (the last N labelled documents, none older than the
 * maximum age) and its refits: after M new labels, or T after the last refit when labels came
 * since, a challenger is fitted on a snapshot of the window by the fit executor, off the stream
 * thread; its outcome is picked up on the stream thread (next record or next tick), where a
 * promoted calibrator is written to {@code calibration.models} inside the task's transaction.
 * The repartition before this processor gives each model's window to exactly one task.
 */
final class RefitWindow implements Processor<byte[], byte[], byte[], Object> {
    private static final Logger LOG = LoggerFactory.getLogger(RefitWindow.class);

    private final CalibrationStreamConfig config;
    private final RefitPolicy policy;
    private final SchemaRegistry registry;
    private final CalibrationStreamMetrics metrics;
    private final Executor fitExecutor;
    private final Set<String> inFlight = new HashSet<>();
    private final Queue<FinishedRefit> completed = new ConcurrentLinkedQueue<>();
    private ProcessorContext<byte[], Object> context;
    private KeyValueStore<Bytes, byte[]> window;
    private KeyValueStore<String, byte[]> states;
    private CalibratorCatalog catalog;
    private volatile boolean closed;

    RefitWindow(CalibrationStreamConfig config, SchemaRegistry registry, CalibrationStreamMetrics metrics,
                Executor fitExecutor) {
        this.config = config;
        this.policy = config.policy();
        this.registry = registry;
        this.metrics = metrics;
        this.fitExecutor = fitExecutor;
    }

    /** How often the window checks the refit interval and collects finished fits. */
    static Duration tick(Duration refitInterval) {
        long ms = Math.max(100, Math.min(1000, refitInterval.toMillis() / 4));
        return Duration.ofMillis(ms);
    }

    @Override
    public void init(ProcessorContext<byte[], Object> context) {
        this.context = context;
        this.window = context.getStateStore(CalibrationTopology.REFIT_WINDOW);
        this.states = context.getStateStore(CalibrationTopology.REFIT_STATE);
        this.catalog = new CalibratorCatalog(context.getStateStore(CalibrationTopology.CALIBRATORS), registry,
                config.modelsTopic(), config.initialCalibrator());
        context.schedule(tick(policy.refitInterval()), PunctuationType.WALL_CLOCK_TIME, this::onTick);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        LabelledDocument doc = LabelledDocument.fromBytes(record.value());
        String modelId = doc.modelId();
        RefitState state = load(modelId);
        window.put(key(modelId, state.next()), record.value());
        state = evict(modelId, state.added());
        if (state.labelsSinceRefit() >= policy.refitEveryLabels()) {
            state = startRefit(modelId, state);
        }
        states.put(modelId, state.toBytes());
        collectFinishedFits();
    }

    private void onTick(long now) {
        collectFinishedFits();
        List<String> models = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = states.all()) {
            it.forEachRemaining(kv -> models.add(kv.key));
        }
        for (String modelId : models) {
            RefitState before = load(modelId);
            RefitState state = evict(modelId, before);
            if (state.labelsSinceRefit() > 0 && now - state.lastRefitAt() >= policy.refitInterval().toMillis()) {
                state = startRefit(modelId, state);
            }
            if (!state.equals(before)) { // an idle tick writes nothing to the changelog
                states.put(modelId, state.toBytes());
            }
        }
        collectFinishedFits();
    }

    private RefitState load(String modelId) {
        byte[] raw = states.get(modelId);
        return raw == null ? RefitState.empty(context.currentSystemTimeMs()) : RefitState.fromBytes(raw);
    }

    /** Drops the oldest documents beyond the size limit, then those older than the maximum age. */
    private RefitState evict(String modelId, RefitState state) {
        while (state.size() > policy.windowSize()) {
            window.delete(key(modelId, state.head()));
            state = state.evictedOne();
        }
        long cutoff = context.currentStreamTimeMs() - policy.windowMaxAge().toMillis();
        while (state.size() > 0) {
            byte[] oldest = window.get(key(modelId, state.head()));
            if (oldest != null && LabelledDocument.fromBytes(oldest).labelledAt() >= cutoff) {
                break;
            }
            window.delete(key(modelId, state.head()));
            state = state.evictedOne();
        }
        metrics.windowSize(modelId, state.size());
        return state;
    }

    private RefitState startRefit(String modelId, RefitState state) {
        if (inFlight.contains(modelId)) {
            return state; // one fit per model at a time; labels keep counting towards the next
        }
        List<LabelledDocument> snapshot = new ArrayList<>((int) state.size());
        try (KeyValueIterator<Bytes, byte[]> it = window.range(key(modelId, state.head()), key(modelId, state.next() - 1))) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                snapshot.add(LabelledDocument.fromBytes(kv.value));
            }
        }
        if (snapshot.isEmpty()) {
            return state;
        }
        long now = context.currentSystemTimeMs();
        int classes = snapshot.get(0).probabilities().values().iterator().next().length;
        List<Trial> trials = new ArrayList<>();
        for (CalibrationTarget target : CalibrationTarget.of(modelId, policy)) {
            Champion champion = champion(modelId, target, state, classes);
            // versions count per key: a per-variant calibrator's first version is 1 whatever the model's is
            RefitState.Promoted own = state.champions().get(target.key());
            Champion published = catalog.published(target.key(), classes);
            long nextVersion = Math.max(own == null ? 0 : own.version(), published == null ? 0 : published.version()) + 1;
            trials.add(new Trial(target, champion, nextVersion));
            metrics.refitTried();
            LOG.info("refit of {}: {} on {} labelled documents ({} predictions), champion v{}", target.key(),
                    policy.method(), snapshot.size(), target.fittedOn(), champion.version());
        }
        inFlight.add(modelId);
        try {
            fitExecutor.execute(() -> {
                List<RefitOutcome> outcomes = new ArrayList<>();
                for (Trial t : trials) {
                    try {
                        outcomes.add(ChallengerTrial.run(modelId, t.target, snapshot, t.champion, t.nextVersion,
                                policy, t.nextVersion, now));
                    } catch (RuntimeException e) {
                        outcomes.add(RefitOutcome.rejected(t.target.key(), RefitOutcome.Rejection.FIT_FAILED,
                                e.toString()));
                    }
                }
                if (!closed) {
                    completed.add(new FinishedRefit(modelId, outcomes));
                }
            });
        } catch (RejectedExecutionException e) {
            inFlight.remove(modelId); // shutting down
        }
        return state.refitStarted(now);
    }

    private record Trial(CalibrationTarget target, Champion champion, long nextVersion) {
    }

    private record FinishedRefit(String modelId, List<RefitOutcome> outcomes) {
    }

    /**
     * The calibrator a target's challenger must beat: what is applied to its variants now — this
     * task's last promotion for the key, or the published one if newer; for a per-variant target
     * without one yet, the model's shared calibrator.
     */
    private Champion champion(String modelId, CalibrationTarget target, RefitState state, int classes) {
        RefitState.Promoted own = state.champions().get(target.key());
        Champion published = catalog.published(target.key(), classes);
        if (own != null && (published == null || own.version() >= published.version())) {
            return new Champion(own.version(), CalibratorJson.read(own.json()));
        }
        if (published != null) {
            return published;
        }
        return target.variant() == null ? catalog.current(modelId, classes)
                : catalog.current(modelId, target.variant(), classes);
    }

    private void collectFinishedFits() {
        FinishedRefit finished;
        while ((finished = completed.poll()) != null) {
            inFlight.remove(finished.modelId());
            for (RefitOutcome outcome : finished.outcomes()) {
                metrics.refitDone(outcome);
                if (!outcome.isPromoted()) {
                    LOG.info("refit of {} rejected ({}): {}", outcome.key(), outcome.rejection(), outcome.message());
                    continue;
                }
                CalibratorModel model = outcome.promoted();
                states.put(finished.modelId(), load(finished.modelId())
                        .promoted(outcome.key(), model.getVersion(), model.getParametersJson()).toBytes());
                context.forward(new Record<>(outcome.key().getBytes(StandardCharsets.UTF_8), model,
                        context.currentSystemTimeMs()));
                LOG.info("refit of {} promoted v{} ({}): {}", outcome.key(), model.getVersion(), model.getMethod(),
                        outcome.message());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Model id, a zero byte, then the big-endian sequence number: one model's documents sort by age. */
    static Bytes key(String modelId, long sequence) {
        byte[] id = modelId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(id.length + 1 + Long.BYTES).put(id).put((byte) 0).putLong(sequence).array());
    }
}
