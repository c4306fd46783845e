package io.fuzzycal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fuzzycal.calibration.InvalidRowException;
import io.fuzzycal.calibration.io.CsvFormatException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ErrorReporterTest {
    private static String[] handle(Exception e) {
        StringWriter err = new StringWriter();
        CommandLine cmd = FuzzycalCommand.commandLine();
        cmd.setErr(new PrintWriter(err, true));
        int code = new ErrorReporter().handleExecutionException(e, cmd, null);
        return new String[] {Integer.toString(code), err.toString()};
    }

    @Test
    void unexpectedFailuresExitOneWithTheStackTrace() {
        String[] r = handle(new IllegalStateException("boom"));
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[1]).startsWith("fuzzycal: unexpected failure, please report it: java.lang.IllegalStateException: boom")
                .contains("\tat ");
    }

    @Test
    void userErrorsExitTwoOnOneLine() {
        String[] r = handle(new InvalidInputException("bad value"));
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1]).isEqualTo("fuzzycal: error: bad value" + System.lineSeparator());
    }

    @Test
    void anIllegalArgumentFromABugIsNotShownAsBadInput() {
        String[] r = handle(new IllegalArgumentException("index -1 out of bounds"));
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[1]).startsWith("fuzzycal: unexpected failure, please report it: java.lang.IllegalArgumentException")
                .contains("\tat ");
    }

    @Test
    void theLibrariesInputExceptionsAreUserErrors() {
        assertThat(ErrorReporter.userMessage(new CsvFormatException("a.csv", 3, "p_1 is not a number"))).isEqualTo("a.csv:3: p_1 is not a number");
        assertThat(ErrorReporter.userMessage(new InvalidRowException(0, "NaN"))).isEqualTo("row 1: NaN");
        assertThatThrownBy(() -> InvalidInputException.check(() -> {
            throw new IllegalArgumentException("window size must be at least 2");
        })).isInstanceOf(InvalidInputException.class).hasMessage("window size must be at least 2");
    }

    @Test
    void fileProblemsNameTheFile() {
        assertThat(ErrorReporter.userMessage(new NoSuchFileException("a.csv"))).isEqualTo("a.csv: no such file or directory");
        assertThat(ErrorReporter.userMessage(new AccessDeniedException("b.csv"))).isEqualTo("b.csv: permission denied");
        assertThat(ErrorReporter.userMessage(new UncheckedIOException(new NoSuchFileException("c.csv"))))
                .isEqualTo("c.csv: no such file or directory");
        assertThat(ErrorReporter.userMessage(new IOException("disk full"))).isEqualTo("disk full");
        assertThat(ErrorReporter.userMessage(new NullPointerException())).isNull();
    }
}
