package io.fuzzycal.calibration.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibratedCsvWriterTest {
    @TempDir
    Path dir;

    @Test
    void writesCarriedColumnsThenProbabilitiesThenLabel() throws IOException {
        CalibrationCsv input = CalibrationCsvReader.read(new StringReader(
                "id,logit_0,logit_1,text,label\n7,0,1,\"a, \"\"quoted\"\" text\",1\n"), "in");
        StringWriter out = new StringWriter();
        CalibratedCsvWriter.write(out, input, new double[][] {{0.1, 0.9}});
        assertThat(out.toString()).isEqualTo("id,text,p_0,p_1,label\n7,\"a, \"\"quoted\"\" text\",0.1,0.9,1\n");
    }

    @Test
    void omitsLabelForUnlabelledInput() throws IOException {
        CalibrationCsv input = CalibrationCsvReader.read(new StringReader("p_0,p_1\n0.5,0.5\n"), "in");
        StringWriter out = new StringWriter();
        CalibratedCsvWriter.write(out, input, new double[][] {{0.25, 0.75}});
        assertThat(out.toString()).isEqualTo("p_0,p_1\n0.25,0.75\n");
    }

    @Test
    void outputReadsBackBitForBit(@TempDir Path tmp) throws IOException {
        CalibrationCsv input = CalibrationCsvReader.read(new StringReader("id,p_0,p_1,p_2,label\nx,0.2,0.3,0.5,2\n"), "in");
        double[][] p = {{0.1 / 3, 0.7 + 1e-17, 1 - 0.1 / 3 - 0.7}};
        Path f = tmp.resolve("out.csv");
        CalibratedCsvWriter.write(f, input, p);
        CalibrationCsv back = CalibrationCsvReader.read(f);
        assertThat(back.carriedValues()).isEqualTo(input.carriedValues());
        assertThat(back.data().labels()).containsExactly(2);
        assertThat(Files.readAllLines(f).get(1).split(",")[1]).isEqualTo(Double.toString(p[0][0]));
    }

    @Test
    void rejectsMismatchedRows() throws IOException {
        CalibrationCsv input = CalibrationCsvReader.read(new StringReader("p_0,p_1\n0.5,0.5\n"), "in");
        assertThatThrownBy(() -> CalibratedCsvWriter.write(new StringWriter(), input, new double[2][2]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
