package io.fuzzycal.feeds;

import java.io.IOException;

/** Input that cannot be turned into texts (a bad CSV row, a bad JSON line), with where it is. */
public final class TextInputException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final long line;

    public TextInputException(String source, long line, String reason) {
        super(source + ":" + line + ": " + reason);
        this.source = source;
        this.line = line;
    }

    /** The file (or {@code stdin}) the input came from. */
    public String source() {
        return source;
    }

    /** The line on which the offending record starts, from 1. */
    public long line() {
        return line;
    }
}
