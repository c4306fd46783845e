/**
 * The calibration stream: a Kafka Streams topology that applies the current calibrator to every
 * prediction, joins labelled feedback, refits on windows and publishes calibrator versions.
 * Filled by the calibration-stream issue; it builds on {@code io.fuzzycal.calibration}.
 */
package io.fuzzycal.stream;
