package io.fuzzycal.cli;

import io.fuzzycal.calibration.InvalidRowException;
import io.fuzzycal.calibration.io.CsvFormatException;
import io.fuzzycal.model.DeviceUnavailableException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns failures into one line on stderr and an exit code: 2 for bad usage and bad input (the user
 * can fix it; no stack trace), 1 for anything unexpected (a bug; with the stack trace). Bad input is
 * an explicit type ({@link InvalidInputException}, the libraries' input exceptions, I/O failures),
 * never any {@link IllegalArgumentException}: that is how a library reports a caller's bug.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {
    static final int EXIT_UNEXPECTED = 1;
    static final int EXIT_USER_ERROR = 2;
    private static final String PREFIX = "fuzzycal: error: ";

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(PREFIX + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return EXIT_USER_ERROR;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        if (e instanceof ParameterException pe) {
            return handleParseException(pe, parsed.originalArgs().toArray(String[]::new));
        }
        String userMessage = userMessage(e);
        if (userMessage != null) {
            err.println(PREFIX + userMessage);
            err.flush();
            return EXIT_USER_ERROR;
        }
        err.println("fuzzycal: unexpected failure, please report it: " + e);
        e.printStackTrace(err);
        err.flush();
        return EXIT_UNEXPECTED;
    }

    /** The message for a problem the user can fix, or {@code null} for an unexpected failure. */
    static String userMessage(Throwable e) {
        if (e instanceof UncheckedIOException u) {
            return userMessage(u.getCause());
        }
        if (e instanceof FileSystemException f) {
            return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : reason(f));
        }
        if (e instanceof IOException || isBadInput(e)) {
            return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        }
        return null;
    }

    /** The unchecked exceptions that mean bad input: ours, and those the libraries throw only for their input. */
    private static boolean isBadInput(Throwable e) {
        return e instanceof InvalidInputException || e instanceof CsvFormatException || e instanceof InvalidRowException
                || e instanceof DeviceUnavailableException;
    }

    private static String reason(FileSystemException f) {
        if (f instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (f instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (f instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (f instanceof NotDirectoryException) {
            return "not a directory";
        }
        return f.getClass().getSimpleName();
    }
}
