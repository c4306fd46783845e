package io.fuzzycal.model.quantize;

/**
 * How {@link Int4Quantizer} quantizes.
 *
 * @param blockSize          weights per block along K for {@code MatMulNBits} (a power of two ≥ 16)
 * @param embeddingBlockSize values per block along a row of an embedding table for
 *                           {@code GatherBlockQuantized} (a power of two ≥ 16)
 * @param symmetric          zero point fixed at 8 and no zero-point input, instead of a per-block
 *                           zero point fitted to the block's range
 * @param accuracyLevel      {@code MatMulNBits} compute type: 0 (unset: float) or 4 (int8 activations,
 *                           faster on CPUs with int8 dot products, slightly less exact)
 */
public record QuantizeOptions(int blockSize, int embeddingBlockSize, boolean symmetric, int accuracyLevel) {
    public static final int DEFAULT_BLOCK_SIZE = 16;
    public static final int DEFAULT_EMBEDDING_BLOCK_SIZE = 32;

    public QuantizeOptions {
        requireBlockSize("block size", blockSize);
        requireBlockSize("embedding block size", embeddingBlockSize);
        if (accuracyLevel != 0 && accuracyLevel != 4) {
            throw new IllegalArgumentException(
                    "accuracy level must be 0 (float compute) or 4 (int8 compute), got " + accuracyLevel);
        }
    }

    /** Block 16 for MatMul, 32 for tables, asymmetric, accuracy level 0: the recipe measured on MiniLM. */
    public static QuantizeOptions defaults() {
        return new QuantizeOptions(DEFAULT_BLOCK_SIZE, DEFAULT_EMBEDDING_BLOCK_SIZE, false, 0);
    }

    public QuantizeOptions withBlockSize(int size) {
        return new QuantizeOptions(size, embeddingBlockSize, symmetric, accuracyLevel);
    }

    public QuantizeOptions withEmbeddingBlockSize(int size) {
        return new QuantizeOptions(blockSize, size, symmetric, accuracyLevel);
    }

    public QuantizeOptions withSymmetric(boolean on) {
        return new QuantizeOptions(blockSize, embeddingBlockSize, on, accuracyLevel);
    }

    public QuantizeOptions withAccuracyLevel(int level) {
        return new QuantizeOptions(blockSize, embeddingBlockSize, symmetric, level);
    }

    // Both contrib operators reject other sizes at session creation; failing here names the option.
    private static void requireBlockSize(String what, int size) {
        if (size < 16 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException(what + " must be a power of two >= 16 (16, 32, 64, 128, ...), got " + size);
        }
    }
}
