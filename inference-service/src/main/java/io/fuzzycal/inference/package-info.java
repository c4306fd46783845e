/**
 * The inference service on Kafka: consumes texts from {@code news.text}, scores each with the FP32
 * and the INT4 model, and produces one {@code Prediction} per variant to
 * {@code sentiment.predictions}, exactly once; records it cannot read go to {@code news.text.dlq}
 * with the reason in headers.
 */
package io.fuzzycal.inference;
