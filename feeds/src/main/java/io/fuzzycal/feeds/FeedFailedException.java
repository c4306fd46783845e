package io.fuzzycal.feeds;

/** A feed stopped because a record could not be written (the broker refused it, or timed out). */
public final class FeedFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FeedFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
