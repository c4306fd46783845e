package io.fuzzycal.stream;

import io.fuzzycal.calibration.FittedCalibrator;
import io.fuzzycal.schemas.avro.Variant;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One refit of the calibration stream's refit window, timed, for {@code fuzzycal bench refit}. It
 * lives in the stream's package, in the benchmarks module, because the window's documents and the
 * {@link ChallengerTrial} are package-private there and a benchmark is no reason to publish them.
 * What it times is what {@link RefitWindow} does with a full window: decode the stored documents
 * (on the stream thread; the store's range read is not included), then the trial (on the fit
 * executor): fit the challenger on the FP32 rows of the fit slice and judge it against the champion
 * on the held-out slice of every variant.
 */
public final class TimedRefit {
    private TimedRefit() {
    }

    /**
     * What the refit cost and decided.
     *
     * @param decodeNanos    decoding the window's stored documents
     * @param trialNanos     the challenger trial: fit, held-out scores, decision
     * @param allocatedBytes heap the trial allocated (this thread's allocation counter; -1 where the JVM has none)
     * @param promoted       whether the challenger was promoted
     * @param outcome        the promoted calibrator's method, or the rejection's reason
     */
    public record Result(long decodeNanos, long trialNanos, long allocatedBytes, boolean promoted, String outcome) {
    }

    /**
     * A refit on a full window of {@code ids.length} documents of {@code modelId}, each with its label
     * and its FP32 and INT4 probabilities, against {@code champion} as version 0.
     */
    public static Result run(String modelId, String[] ids, int[] labels, double[][] fp32, double[][] int4,
                             FittedCalibrator champion, RefitPolicy policy, long seed) {
        long now = System.currentTimeMillis();
        List<byte[]> stored = new ArrayList<>(ids.length);
        for (int d = 0; d < ids.length; d++) {
            Map<Variant, double[]> probabilities = new EnumMap<>(Variant.class);
            probabilities.put(Variant.FP32, fp32[d]);
            probabilities.put(Variant.INT4, int4[d]);
            stored.add(new LabelledDocument(modelId, ids[d], labels[d], now - 1000, now, probabilities).toBytes());
        }
        long start = System.nanoTime();
        List<LabelledDocument> snapshot = new ArrayList<>(stored.size());
        for (byte[] b : stored) {
            snapshot.add(LabelledDocument.fromBytes(b));
        }
        long decoded = System.nanoTime();
        long allocatedBefore = allocatedBytes();
        RefitOutcome outcome = ChallengerTrial.run(modelId, snapshot, new Champion(0, champion), policy, seed, now);
        long done = System.nanoTime();
        long allocatedAfter = allocatedBytes();
        return new Result(decoded - start, done - decoded,
                allocatedBefore < 0 ? -1 : allocatedAfter - allocatedBefore, outcome.isPromoted(),
                outcome.isPromoted() ? outcome.promoted().getMethod() : outcome.rejection().name());
    }

    private static long allocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
                && threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()) {
            return threads.getCurrentThreadAllocatedBytes();
        }
        return -1;
    }
}
