package io.fuzzycal.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * SIGTERM handling of the long-running services: ask the service to stop, wait until the command
 * has closed everything, then exit 0 — the JVM would otherwise report 143 for a clean, asked-for stop.
 * A service that failed must not look stopped: the hook is removed once everything is closed, so the
 * command's own exit code stands, and a hook already running exits 1 unless the main loop returned.
 */
public final class SignalShutdown {
    private final Thread hook;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean returned;

    private SignalShutdown(Runnable stop, String name) {
        hook = new Thread(() -> {
            stop.run();
            try {
                if (closed.await(90, TimeUnit.SECONDS)) {
                    Runtime.getRuntime().halt(returned ? 0 : 1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
    }

    /** Installs the hook; {@code stop} must make the command's main loop return. */
    public static SignalShutdown install(Runnable stop, String name) {
        SignalShutdown s = new SignalShutdown(stop, name);
        Runtime.getRuntime().addShutdownHook(s.hook);
        return s;
    }

    /** The main loop returned normally (it was asked to stop): a waiting hook may exit 0. */
    public void mainLoopReturned() {
        returned = true;
    }

    /**
     * Everything is closed; call from a finally block. Outside a shutdown the hook is removed, so an
     * exception on its way out of the command sets the exit code (the hook used to turn it into 0).
     */
    public void closed() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // SIGTERM: the hook waits for this
        }
        closed.countDown();
    }
}
