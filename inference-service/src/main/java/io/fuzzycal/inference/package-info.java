/**
 * The inference service: tokenizer and ONNX Runtime engine (FP32 and INT4 sessions), model bundles,
 * the INT4 quantizer, the default-model builder, and the Kafka consume → infer → produce loop.
 * Filled by the models issue and the Kafka backbone issue; the module exists now so that the
 * reactor and the dependency graph of DESIGN.md are in place from the start.
 */
package io.fuzzycal.inference;
