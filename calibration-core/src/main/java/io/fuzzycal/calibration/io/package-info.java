/**
 * Calibration CSV files: {@link io.fuzzycal.calibration.io.CalibrationCsvReader} turns a file of
 * model outputs ({@code p_0..p_{C-1}} or {@code logit_0..logit_{C-1}}, optional {@code label}, any
 * other columns carried along) into a {@link io.fuzzycal.calibration.CalibrationSet};
 * {@link io.fuzzycal.calibration.io.CalibratedCsvWriter} writes calibrated probabilities back out.
 * Every input problem is a {@link io.fuzzycal.calibration.io.CsvFormatException} naming the line.
 */
package io.fuzzycal.calibration.io;
