package io.fuzzycal.model;

import java.io.IOException;

/** A model bundle folder is missing a file or a field, or holds one that cannot be read. */
public final class InvalidBundleException extends IOException {
    private static final long serialVersionUID = 1L;

    InvalidBundleException(String message) {
        super(message);
    }

    InvalidBundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
