package io.fuzzycal.model;

import java.util.Locale;
import java.util.function.Consumer;

/** Hears about long-running work (embedding thousands of texts) as it goes. */
@FunctionalInterface
public interface ProgressListener {

    /** Ignores everything. */
    ProgressListener SILENT = (stage, done, total, textsPerSecond) -> { };

    /**
     * @param stage what is running, e.g. {@code "embedding train"}
     * @param done items finished so far
     * @param total items in this stage
     * @param textsPerSecond throughput since the stage began
     */
    void progress(String stage, int done, int total, double textsPerSecond);

    /** A step without a count, e.g. {@code "quantizing to …/model.int4.onnx"}. */
    default void step(String message) {
    }

    /**
     * Prints lines like {@code embedding train 3200/9543 (412 texts/s)}, at most one every
     * {@code intervalMillis} and always the last one, so a long stage neither floods nor goes quiet.
     */
    static ProgressListener printing(Consumer<String> lines, long intervalMillis) {
        return new ProgressListener() {
            private long lastPrinted = Long.MIN_VALUE;

            @Override
            public void step(String message) {
                lines.accept(message);
            }

            @Override
            public synchronized void progress(String stage, int done, int total, double textsPerSecond) {
                long now = System.nanoTime() / 1_000_000;
                if (done == total || lastPrinted == Long.MIN_VALUE || now - lastPrinted >= intervalMillis) {
                    lastPrinted = done == total ? Long.MIN_VALUE : now;
                    lines.accept(String.format(Locale.ROOT,
                            "%s %d/%d (%.0f texts/s)", stage, done, total, textsPerSecond));
                }
            }
        };
    }
}
