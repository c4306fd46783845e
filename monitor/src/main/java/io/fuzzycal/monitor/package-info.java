/**
 * The monitor: a Kafka Streams topology ({@link io.fuzzycal.monitor.MonitorTopology}) that joins
 * calibrated predictions with their labels and keeps mergeable bin counts per model, variant and
 * stage over hopping time windows and a count window; every closed window is measured with
 * calibration-core's definitions, published to calibration.metrics and to Micrometer meters
 * ({@link io.fuzzycal.monitor.MonitorMetrics}), and checked for drift with hysteresis
 * ({@link io.fuzzycal.monitor.AlertThresholds}). {@link io.fuzzycal.monitor.MonitorService} runs it.
 */
package io.fuzzycal.monitor;
