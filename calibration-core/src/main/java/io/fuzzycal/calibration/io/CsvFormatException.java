package io.fuzzycal.calibration.io;

/**
 * A calibration CSV that cannot be read. The message is {@code <file>:<line>: <reason>}, so that
 * editors and terminals can jump to the offending line.
 */
public final class CsvFormatException extends IllegalArgumentException {
    private final String source;
    private final long line;
    private final String reason;

    public CsvFormatException(String source, long line, String reason) {
        super(source + ":" + line + ": " + reason);
        this.source = source;
        this.line = line;
        this.reason = reason;
    }

    /** The file name (or other source name) as the user gave it. */
    public String source() {
        return source;
    }

    /** 1-based line of the file where the offending record starts. */
    public long line() {
        return line;
    }

    /** The problem, without the location prefix. */
    public String reason() {
        return reason;
    }
}
