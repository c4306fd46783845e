/**
 * The inference service: tokenizer and ONNX Runtime engine (FP32 and INT4 sessions), model bundles,
 * the INT4 quantizer, the default-model builder, and the Kafka consume → infer → produce loop.
 *
 * <p>Public API of the engine and the default model:
 * <ul>
 *   <li>{@link io.fuzzycal.model.ModelBundle} — a bundle folder ({@code model.onnx},
 *       {@code model.int4.onnx}, {@code tokenizer.json}, {@code config.json}), validated on load;
 *       {@link io.fuzzycal.model.Precision} names the two model files.</li>
 *   <li>{@link io.fuzzycal.model.InferenceEngine} — classifies texts with one variant, in
 *       length-grouped batches, results in input order; configured by
 *       {@link io.fuzzycal.model.EngineOptions} and {@link io.fuzzycal.model.Device}.</li>
 *   <li>{@link io.fuzzycal.model.DefaultModel} — the default bundle in the user's cache, built on
 *       first use; {@link io.fuzzycal.model.DefaultModelBuilder} composes it and retrains its head;
 *       {@link io.fuzzycal.model.ModelQuantizer} is the INT4 step it calls.</li>
 * </ul>
 * Everything else is package-private.
 */
package io.fuzzycal.model;
