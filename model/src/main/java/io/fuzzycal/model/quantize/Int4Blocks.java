package io.fuzzycal.model.quantize;

/**
 * A [rows, cols] matrix quantized to 4 bits in blocks along each row: the layout both contrib
 * operators share.
 *
 * @param packed      {@code rows × packedRowLength / 2} bytes; element j of a row in byte j/2, even j
 *                    in the low nibble; past {@code cols} a row holds the code of 0.0
 * @param scales      {@code rows × blocksPerRow} scales, already rounded to their storage precision
 * @param zeroPoints  {@code rows × ceil(blocksPerRow / 2)} bytes packed like {@code packed}, or null
 *                    when symmetric (the operators then use 8)
 * @param maxAbsError largest |w − (q − zero point) · scale| over the matrix
 */
record Int4Blocks(int rows, int cols, int blockSize, int packedRowLength, byte[] packed, float[] scales,
                  byte[] zeroPoints, ScalePrecision scalePrecision, double maxAbsError) {

    int blocksPerRow() {
        return ceilDiv(cols, blockSize);
    }

    long storedBytes() {
        return packed.length + (long) scales.length * scalePrecision.bytes
                + (zeroPoints == null ? 0 : zeroPoints.length);
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
