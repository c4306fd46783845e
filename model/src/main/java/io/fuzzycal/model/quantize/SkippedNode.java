package io.fuzzycal.model.quantize;

/** A MatMul or Gather on a constant that stayed FP32, and why (so the report explains the file size). */
public record SkippedNode(String nodeName, String op, String reason) {
}
