/**
 * The INT4 quantizer: rewrites an FP32 ONNX model so that its MatMul weights and embedding tables
 * are stored as 4-bit blocks for ONNX Runtime's {@code com.microsoft} contrib operators
 * ({@code MatMulNBits}, {@code GatherBlockQuantized}). Entry point: {@link
 * io.fuzzycal.model.quantize.Int4Quantizer}.
 */
package io.fuzzycal.model.quantize;
