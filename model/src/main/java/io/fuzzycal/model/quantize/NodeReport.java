package io.fuzzycal.model.quantize;

import java.util.List;

/**
 * What happened to one quantized node.
 *
 * @param nodeName      the node's name in the source graph
 * @param op            the operator it became ({@code MatMulNBits} or {@code GatherBlockQuantized})
 * @param originalShape the shape of its FP32 constant ([K, N] for a MatMul weight, [R, C] for a table)
 * @param blockSize     values per quantization block
 * @param bytesBefore   bytes of the FP32 constant
 * @param bytesAfter    bytes of the packed weights, scales and zero points that replace it
 * @param maxAbsError   largest |w − dequantized w| over the constant
 */
public record NodeReport(String nodeName, String op, List<Long> originalShape, int blockSize,
                         long bytesBefore, long bytesAfter, double maxAbsError) {
    public NodeReport {
        originalShape = List.copyOf(originalShape);
    }
}
