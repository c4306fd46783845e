package io.fuzzycal.calibration.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fuzzycal.calibration.CalibrationSet;
import io.fuzzycal.calibration.FittedCalibrator;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading and writing one row at a time gives what the whole-file reader and writer give. */
class CalibrationCsvRowsTest {
    @TempDir
    Path dir;

    @Test
    void rowByRowEqualsTheWholeFile() throws Exception {
        Path file = Files.writeString(dir.resolve("in.csv"), "id,p_0,p_1,label\na,0.25,0.75,1\n\nb,0.5,0.5,0\n");
        CalibrationCsv whole = CalibrationCsvReader.read(file);
        StringWriter expected = new StringWriter();
        CalibratedCsvWriter.write(expected, whole, FittedCalibrator.identity(2).calibrate(whole.data()));

        StringWriter streamed = new StringWriter();
        List<Long> lines = new ArrayList<>();
        try (CalibrationCsvReader.Rows rows = CalibrationCsvReader.open(file)) {
            assertThat(rows.numClasses()).isEqualTo(2);
            CalibratedCsvWriter.RowWriter out = CalibratedCsvWriter.open(streamed, rows.carriedColumns(), 2, true);
            while (rows.next()) {
                CalibrationSet row = rows.row();
                out.write(rows.carried(), FittedCalibrator.identity(2).calibrate(row)[0], row.label(0));
                lines.add(rows.line());
            }
            out.flush();
        }
        assertThat(streamed.toString()).isEqualTo(expected.toString());
        assertThat(lines).containsExactly(2L, 4L);
    }

    @Test
    void badRowsNameTheirLineAsTheWholeFileReaderDoes() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.csv"), "p_0,p_1\n0.5,0.5\n0.9,0.9\n");
        try (CalibrationCsvReader.Rows rows = CalibrationCsvReader.open(file)) {
            assertThat(rows.next()).isTrue();
            rows.row();
            assertThat(rows.next()).isTrue();
            assertThatThrownBy(rows::row).isInstanceOf(CsvFormatException.class)
                    .hasMessageStartingWith(file + ":3: probabilities sum to");
        }
        Path empty = Files.writeString(dir.resolve("empty.csv"), "p_0,p_1\n");
        try (CalibrationCsvReader.Rows rows = CalibrationCsvReader.open(empty)) {
            assertThatThrownBy(rows::next).hasMessage(empty + ":1: the header is not followed by any data rows");
        }
    }
}
