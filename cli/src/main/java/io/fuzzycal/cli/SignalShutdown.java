package io.fuzzycal.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * SIGTERM handling of the long-running services: ask the service to stop, wait until the command
 * has closed everything, then exit 0 — the JVM would otherwise report 143 for a clean, asked-for stop.
 */
final class SignalShutdown {
    private final Thread hook;
    private final CountDownLatch closed = new CountDownLatch(1);

    private SignalShutdown(Runnable stop, String name) {
        hook = new Thread(() -> {
            stop.run();
            try {
                if (closed.await(90, TimeUnit.SECONDS)) {
                    Runtime.getRuntime().halt(0);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
    }

    /** Installs the hook; {@code stop} must make the command's main loop return. */
    static SignalShutdown install(Runnable stop, String name) {
        SignalShutdown s = new SignalShutdown(stop, name);
        Runtime.getRuntime().addShutdownHook(s.hook);
        return s;
    }

    /** The main loop returned: remove the hook unless a signal is being handled. */
    void mainLoopReturned() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // SIGTERM: the hook waits for closed()
        }
    }

    /** Everything is closed; a waiting hook may exit now. Call from a finally block. */
    void closed() {
        closed.countDown();
    }
}
