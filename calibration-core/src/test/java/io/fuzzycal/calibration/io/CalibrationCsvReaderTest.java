package io.fuzzycal.calibration.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CalibrationCsvReaderTest {
    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        Path f = dir.resolve("cal.csv");
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    private void assertError(String content, long line, String reasonFragment) throws IOException {
        Path f = file(content);
        ThrowingCallable read = () -> CalibrationCsvReader.read(f);
        assertThatThrownBy(read)
                .isInstanceOf(CsvFormatException.class)
                .hasMessageStartingWith(f + ":" + line + ": ")
                .hasMessageContaining(reasonFragment)
                .satisfies(e -> assertThat(((CsvFormatException) e).line()).isEqualTo(line));
    }

    @Test
    void readsProbabilitiesLabelsAndCarriedColumns() throws IOException {
        CalibrationCsv csv = CalibrationCsvReader.read(file("""
                id,p_0,p_1,p_2,label,text
                a,0.7,0.2,0.1,0,"hello, world"
                b,0.1,0.1,0.8,2,"two
                lines"
                """));
        assertThat(csv.data().size()).isEqualTo(2);
        assertThat(csv.data().numClasses()).isEqualTo(3);
        assertThat(csv.data().labels()).containsExactly(0, 2);
        assertThat(csv.data().probabilities()[1]).containsExactly(new double[] {0.1, 0.1, 0.8}, within(1e-12));
        assertThat(csv.carriedColumns()).containsExactly("id", "text");
        assertThat(csv.carriedValues()).containsExactly(List.of("a", "hello, world"), List.of("b", "two\nlines"));
    }

    @Test
    void scoreColumnsMayComeInAnyOrder() throws IOException {
        CalibrationCsv csv = CalibrationCsvReader.read(file("p_1,label,p_0\n0.25,1,0.75\n"));
        assertThat(csv.data().probabilities()[0]).containsExactly(new double[] {0.75, 0.25}, within(1e-12));
        assertThat(csv.data().labels()).containsExactly(1);
    }

    @Test
    void readsLogitsThroughSoftmax() throws IOException {
        CalibrationCsv csv = CalibrationCsvReader.read(file("logit_0,logit_1\n0,0\n-1.5e0,2.5\n"));
        assertThat(csv.data().probabilities()[0]).containsExactly(new double[] {0.5, 0.5}, within(1e-12));
        assertThat(csv.data().probabilities()[1][1]).isCloseTo(1 / (1 + Math.exp(-4)), within(1e-12));
        assertThat(csv.data().isLabelled()).isFalse();
    }

    @Test
    void noLabelColumnOrAllLabelsEmptyGivesAnUnlabelledSet() throws IOException {
        assertThat(CalibrationCsvReader.read(file("p_0,p_1\n0.5,0.5\n")).data().isLabelled()).isFalse();
        assertThat(CalibrationCsvReader.read(file("p_0,p_1,label\n0.5,0.5,\n0.2,0.8,\n")).data().isLabelled()).isFalse();
    }

    @Test
    void blankLinesAndCrlfDoNotShiftLineNumbers() throws IOException {
        assertThat(CalibrationCsvReader.read(file("p_0,p_1\r\n\r\n0.5,0.5\r\n\r\n")).data().size()).isEqualTo(1);
        assertError("p_0,p_1\r\n0.5,0.5\r\n\r\n0.5,x\r\n", 4, "p_1 is not a number: 'x'");
    }

    @Test
    void lineNumbersCountEmbeddedNewlines() throws IOException {
        assertError("text,p_0,p_1\n\"a\nb\nc\",0.5,0.5\nd,0.5,oops\n", 5, "p_1 is not a number");
    }

    @Test
    void emptyFile() throws IOException {
        assertError("", 1, "the file is empty");
    }

    @Test
    void headerWithoutRows() throws IOException {
        assertError("p_0,p_1,label\n", 1, "not followed by any data rows");
    }

    @Test
    void noScoreColumns() throws IOException {
        assertError("id,label\na,1\n", 1, "no score columns");
    }

    @Test
    void bothFamilies() throws IOException {
        assertError("p_0,p_1,logit_0,logit_1\n0.5,0.5,0,0\n", 1, "both p_ and logit_");
    }

    @Test
    void duplicateColumn() throws IOException {
        assertError("p_0,p_1,p_0\n0.5,0.5,0.5\n", 1, "duplicate column 'p_0'");
    }

    @Test
    void gapInIndices() throws IOException {
        assertError("p_0,p_2\n0.5,0.5\n", 1, "column p_1 is missing");
    }

    @Test
    void missingFirstIndex() throws IOException {
        assertError("logit_1,logit_2\n0,0\n", 1, "column logit_0 is missing");
    }

    @Test
    void singleClass() throws IOException {
        assertError("p_0,label\n1,0\n", 1, "at least 2 classes");
    }

    @Test
    void leadingZeroIndex() throws IOException {
        assertError("p_0,p_01\n0.5,0.5\n", 1, "leading zeros");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0.5,abc,1 | p_1 is not a number: 'abc'",
        "0.5,,1 | p_1 is empty",
        "0.5,NaN,1 | p_1 is NaN",
        "0x1p-1,0.5,1 | p_0 is not a number",
        "0.5,0.5d,1 | p_1 is not a number",
        "1e999,0.5,1 | overflows",
    })
    void badNumbers(String row, String reason) throws IOException {
        assertError("p_0,p_1,label\n0.5,0.5,0\n" + row + "\n", 3, reason);
    }

    @Test
    void wrongFieldCount() throws IOException {
        assertError("p_0,p_1,label\n0.5,0.5,0\n0.5,0.5\n", 3, "has 2 fields, expected 3");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1.0 | label is not an integer class index: '1.0'",
        "one | label is not an integer class index: 'one'",
        "3 | label 3 is out of range 0..2",
        "-1 | label -1 is out of range 0..2",
        "99999999999 | out of range",
    })
    void badLabels(String label, String reason) throws IOException {
        assertError("p_0,p_1,p_2,label\n0.2,0.3,0.5,0\n0.2,0.3,0.5," + label + "\n", 3, reason);
    }

    @Test
    void labelsOnSomeRowsOnly() throws IOException {
        assertError("p_0,p_1,label\n0.5,0.5,1\n0.5,0.5,0\n0.5,0.5,\n", 4, "label is missing, but line 2 has one");
        assertError("p_0,p_1,label\n0.5,0.5,\n0.5,0.5,0\n", 3, "has a label, but line 2 has none");
    }

    @Test
    void rowNotSummingToOneIsReportedAtItsLine() throws IOException {
        assertError("p_0,p_1\n0.5,0.5\n\n0.4,0.4\n", 4, "probabilities sum to 0.8");
    }

    @Test
    void negativeProbability() throws IOException {
        assertError("p_0,p_1\n0.5,0.5\n-0.5,1.5\n", 3, "probability 0 is -0.5");
    }

    @Test
    void infiniteLogitIsRejected() throws IOException {
        assertError("logit_0,logit_1\n0,0\n0,-inf\n", 3, "logit_1 is not a number: '-inf'");
    }

    @Test
    void malformedQuoting() throws IOException {
        assertError("text,p_0,p_1\nok,0.5,0.5\n\"a\" b,0.5,0.5\n", 3, "malformed CSV");
    }

    @Test
    void byteOrderMarkIsNotPartOfTheFirstName() throws IOException {
        assertThat(CalibrationCsvReader.read(file("\uFEFFp_0,p_1\n0.5,0.5\n")).data().size()).isEqualTo(1);
    }

    @Test
    void notUtf8() throws IOException {
        Path f = dir.resolve("latin1.csv");
        Files.write(f, "text,p_0,p_1\nok,0.5,0.5\nd\u00e9j\u00e0,0.5,0.5\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> CalibrationCsvReader.read(f)).isInstanceOf(CsvFormatException.class)
                .hasMessageContaining("not UTF-8 text");
    }

    @Test
    void missingFileIsAnIoError() {
        assertThatThrownBy(() -> CalibrationCsvReader.read(dir.resolve("absent.csv"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void namesTheSourceOfAReader() {
        assertThatThrownBy(() -> CalibrationCsvReader.read(new java.io.StringReader("p_0\n1\n"), "stdin"))
                .hasMessageStartingWith("stdin:1: ");
    }
}
