/**
 * The calibration-transfer study of the research: fit calibrators on a model's FP32 outputs and
 * score them, unchanged, on its INT4 twin's outputs for the same texts.
 */
package io.fuzzycal.calibration.study;
