package io.fuzzycal.model.quantize;

import java.util.stream.IntStream;

/**
 * Quantizes the rows of a matrix to 4 bits, block by block. Each block keeps, among a few clipping
 * ranges (the full range, and the range shrunk to 95%, 90%, ... 60%), the one whose reconstruction has the
 * least squared error: clipping a rare outlier buys finer steps for every other weight of the block.
 */
final class BlockQuantizer {
    private static final float[] SHRINK_FACTORS = {1.00f, 0.95f, 0.90f, 0.85f, 0.80f, 0.75f, 0.70f, 0.65f, 0.60f};
    static final int SYMMETRIC_ZERO_POINT = 8;

    private final int blockSize;
    private final boolean symmetric;
    private final ScalePrecision precision;
    private final float[] shrinkFactors;

    BlockQuantizer(int blockSize, boolean symmetric, ScalePrecision precision) {
        this(blockSize, symmetric, precision, SHRINK_FACTORS);
    }

    BlockQuantizer(int blockSize, boolean symmetric, ScalePrecision precision, float[] shrinkFactors) {
        this.blockSize = blockSize;
        this.symmetric = symmetric;
        this.precision = precision;
        this.shrinkFactors = shrinkFactors.clone();
    }

    /**
     * @param values          row-major [rows, cols]
     * @param packedRowLength codes stored per row (even, ≥ cols): cols, or cols padded to whole blocks
     */
    Int4Blocks quantize(float[] values, int rows, int cols, int packedRowLength) {
        if (packedRowLength < cols || packedRowLength % 2 != 0 || (long) rows * cols != values.length) {
            throw new IllegalArgumentException("bad layout: " + rows + "x" + cols + " into rows of " + packedRowLength);
        }
        int blocks = Int4Blocks.ceilDiv(cols, blockSize);
        int zeroPointRowBytes = Int4Blocks.ceilDiv(blocks, 2);
        byte[] packed = new byte[Math.multiplyExact(rows, packedRowLength / 2)];
        float[] scales = new float[Math.multiplyExact(rows, blocks)];
        byte[] zeroPoints = symmetric ? null : new byte[Math.multiplyExact(rows, zeroPointRowBytes)];
        double[] rowError = new double[rows];
        // Rows are independent and write disjoint slices, so the result does not depend on scheduling.
        IntStream.range(0, rows).parallel().forEach(row -> {
            int lastZeroPoint = SYMMETRIC_ZERO_POINT;
            for (int b = 0; b < blocks; b++) {
                int from = row * cols + b * blockSize;
                int to = row * cols + Math.min(cols, (b + 1) * blockSize);
                BlockFit fit = fit(values, from, to);
                scales[row * blocks + b] = fit.scale;
                if (zeroPoints != null) {
                    putNibble(zeroPoints, row * zeroPointRowBytes, b, fit.zeroPoint);
                }
                for (int i = from; i < to; i++) {
                    int q = fit.code(values[i]);
                    putNibble(packed, row * (packedRowLength / 2), i - row * cols, q);
                    rowError[row] = Math.max(rowError[row], Math.abs(values[i] - fit.dequantize(q)));
                }
                lastZeroPoint = fit.zeroPoint;
            }
            for (int j = cols; j < packedRowLength; j++) {
                putNibble(packed, row * (packedRowLength / 2), j, lastZeroPoint); // padding decodes to 0.0
            }
        });
        double maxError = 0;
        for (double e : rowError) {
            maxError = Math.max(maxError, e);
        }
        return new Int4Blocks(rows, cols, blockSize, packedRowLength, packed, scales, zeroPoints, precision, maxError);
    }

    private BlockFit fit(float[] v, int from, int to) {
        float min = 0;
        float max = 0;
        float extreme = 0;
        for (int i = from; i < to; i++) {
            min = Math.min(min, v[i]);
            max = Math.max(max, v[i]);
            if (Math.abs(v[i]) > Math.abs(extreme)) {
                extreme = v[i];
            }
        }
        BlockFit best = null;
        double bestError = Double.POSITIVE_INFINITY;
        for (float shrink : shrinkFactors) {
            BlockFit candidate = symmetric ? symmetricFit(extreme * shrink) : asymmetricFit(min * shrink, max * shrink);
            double error = candidate.squaredError(v, from, to);
            if (error < bestError) {
                best = candidate;
                bestError = error;
            }
        }
        return best;
    }

    // The signed extreme maps to code 0 (−8 · scale), so the scale may be negative: the other side
    // then reaches +7 steps, which wastes no code on the side that has no outlier.
    private BlockFit symmetricFit(float extreme) {
        return new BlockFit(precision.round(extreme / -8f), SYMMETRIC_ZERO_POINT);
    }

    // The range always contains 0 (min ≤ 0 ≤ max), so an integer zero point in [0, 15] exists.
    private BlockFit asymmetricFit(float lo, float hi) {
        float scale = precision.round((hi - lo) / 15f);
        int zeroPoint = scale == 0 ? 0 : clampCode(Math.round(-lo / scale));
        return new BlockFit(scale, zeroPoint);
    }

    static int clampCode(int q) {
        return Math.max(0, Math.min(15, q));
    }

    static void putNibble(byte[] bytes, int rowOffset, int index, int code) {
        int at = rowOffset + index / 2;
        bytes[at] = (byte) (index % 2 == 0 ? (bytes[at] & 0xf0) | code : (bytes[at] & 0x0f) | (code << 4));
    }

    /** One block's scale and zero point. */
    record BlockFit(float scale, int zeroPoint) {
        int code(float value) {
            return scale == 0 ? zeroPoint : clampCode(Math.round(value / scale) + zeroPoint);
        }

        float dequantize(int code) {
            return (code - zeroPoint) * scale;
        }

        double squaredError(float[] v, int from, int to) {
            double sum = 0;
            for (int i = from; i < to; i++) {
                double d = v[i] - dequantize(code(v[i]));
                sum += d * d;
            }
            return sum;
        }
    }
}
