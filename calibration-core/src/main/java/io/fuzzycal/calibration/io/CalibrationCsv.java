package io.fuzzycal.calibration.io;

import io.fuzzycal.calibration.CalibrationSet;
import java.util.List;

/**
 * What a calibration CSV holds: the model outputs as a {@link CalibrationSet}, plus the columns that
 * are neither scores nor labels ({@code id}, {@code text}, ...), kept so that output can repeat them.
 *
 * @param data the scores, labelled when the file has a non-empty {@code label} column
 * @param carriedColumns names of the other columns, in file order
 * @param carriedValues per data row, the values of {@link #carriedColumns}, in the same order
 */
public record CalibrationCsv(CalibrationSet data, List<String> carriedColumns, List<List<String>> carriedValues) {
    public CalibrationCsv {
        carriedColumns = List.copyOf(carriedColumns);
        carriedValues = List.copyOf(carriedValues);
        if (carriedValues.size() != data.size()) {
            throw new IllegalArgumentException(data.size() + " rows but " + carriedValues.size() + " carried rows");
        }
    }
}
