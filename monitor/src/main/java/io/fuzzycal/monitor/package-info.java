/**
 * The monitor: a Kafka Streams topology for rolling calibration metrics, drift and alerts, with a
 * Micrometer Prometheus endpoint. Filled by a later issue; it builds on
 * {@code io.fuzzycal.calibration.metrics}.
 */
package io.fuzzycal.monitor;
