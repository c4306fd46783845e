package io.fuzzycal.model;

import java.util.EnumSet;
import java.util.Set;

/**
 * How an {@link InferenceEngine} runs.
 *
 * @param variants the sessions to open (each costs its model's memory)
 * @param device where to run
 * @param intraOpThreads ONNX Runtime threads inside one operator; inter-op parallelism is always 1
 * @param batchSize texts per run
 * @param batchOrder how texts are grouped into batches
 */
public record EngineOptions(Set<Precision> variants, Device device, int intraOpThreads, int batchSize, BatchOrder batchOrder) {

    public static final int DEFAULT_BATCH_SIZE = 32;

    public EngineOptions {
        if (variants == null || variants.isEmpty()) {
            throw new IllegalArgumentException("at least one variant is required");
        }
        variants = Set.copyOf(variants);
        if (device == null || batchOrder == null) {
            throw new IllegalArgumentException("device and batch order are required");
        }
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intra-op threads must be ≥ 1, got " + intraOpThreads);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be ≥ 1, got " + batchSize);
        }
    }

    /** Both variants on the CPU, one thread per core, length-grouped batches of 32. */
    public static EngineOptions defaults() {
        return new EngineOptions(EnumSet.allOf(Precision.class), Device.CPU, Runtime.getRuntime().availableProcessors(),
                DEFAULT_BATCH_SIZE, BatchOrder.LENGTH_GROUPED);
    }

    public EngineOptions withVariants(Precision first, Precision... rest) {
        return new EngineOptions(EnumSet.of(first, rest), device, intraOpThreads, batchSize, batchOrder);
    }

    public EngineOptions withDevice(Device newDevice) {
        return new EngineOptions(variants, newDevice, intraOpThreads, batchSize, batchOrder);
    }

    public EngineOptions withIntraOpThreads(int threads) {
        return new EngineOptions(variants, device, threads, batchSize, batchOrder);
    }

    public EngineOptions withBatchSize(int size) {
        return new EngineOptions(variants, device, intraOpThreads, size, batchOrder);
    }

    public EngineOptions withBatchOrder(BatchOrder order) {
        return new EngineOptions(variants, device, intraOpThreads, batchSize, order);
    }
}
