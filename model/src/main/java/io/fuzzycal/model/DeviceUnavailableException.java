package io.fuzzycal.model;

/** The requested execution provider cannot start; the message is one line a user can act on. */
public final class DeviceUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DeviceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
