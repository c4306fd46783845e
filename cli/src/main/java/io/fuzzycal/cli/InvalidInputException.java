package io.fuzzycal.cli;

import java.util.function.Supplier;

/**
 * Bad input the user can fix: an option value, a setting or a file's content. {@link ErrorReporter}
 * prints its message as one line and exits 2; any other unchecked exception is reported as a bug.
 */
public final class InvalidInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Builds something from user input with a library that validates by throwing
     * {@link IllegalArgumentException}; only around such a call, so that a bug elsewhere stays a bug.
     */
    public static <T> T check(Supplier<T> fromUserInput) {
        try {
            return fromUserInput.get();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
    }
}
