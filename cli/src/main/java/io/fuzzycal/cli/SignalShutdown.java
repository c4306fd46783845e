package io.fuzzycal.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and SIGINT (Ctrl-C) handling of the long-running commands: ask the command to stop, let it
 * close everything, and exit with its own code — 0 for a clean, asked-for stop, not the JVM's 143 or
 * 130; a command that failed keeps its error code.
 *
 * <p>The signals are handled, not left to the JVM's shutdown: a JVM shutdown runs every shutdown
 * hook at once, and ONNX Runtime's own hook releases its native environment while the inference
 * service may still be scoring a batch — a SIGSEGV (microsoft/onnxruntime#31352). Handled here, the
 * JVM keeps running normally until the command has stopped its loops and closed its sessions. A
 * second Ctrl-C exits at once (a repeated SIGTERM changes nothing); a command that has not closed 90 s
 * after the signal exits 1. Where the JVM
 * does not let signals be handled ({@code -Xrs}), a shutdown hook does the same, as before.
 */
public final class SignalShutdown {
    static final List<String> SIGNALS = List.of("TERM", "INT");
    private static final long CLOSE_SECONDS = 90;

    private final Runnable stop;
    private final String name;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicBoolean signalled = new AtomicBoolean();
    private final List<Signal> handled = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private Thread hook;
    private volatile boolean returned;

    private SignalShutdown(Runnable stop, String name) {
        this.stop = stop;
        this.name = name;
    }

    /** Installs the handlers; {@code stop} must make the command's main loop return. */
    public static SignalShutdown install(Runnable stop, String name) {
        SignalShutdown s = new SignalShutdown(stop, name);
        try {
            for (String signal : SIGNALS) {
                Signal sig = new Signal(signal);
                s.previous.add(Signal.handle(sig, s::onSignal));
                s.handled.add(sig);
            }
        } catch (IllegalArgumentException notHandleable) {
            s.restoreSignals();
            s.hook = new Thread(s::stopAndAwaitClose, name);
            Runtime.getRuntime().addShutdownHook(s.hook);
        }
        return s;
    }

    private void onSignal(Signal signal) {
        if (!signalled.compareAndSet(false, true)) {
            // Ctrl-C twice: the user does not want to wait; a repeated SIGTERM (a supervisor's) changes nothing
            if (signal.getName().equals("INT")) {
                Runtime.getRuntime().halt(128 + signal.getNumber());
            }
            return;
        }
        Thread stopper = new Thread(this::stopAndAwaitClose, name);
        stopper.setDaemon(true);
        stopper.start();
    }

    private void stopAndAwaitClose() {
        stop.run();
        try {
            if (!closed.await(CLOSE_SECONDS, TimeUnit.SECONDS)) {
                System.err.println(name + ": not stopped " + CLOSE_SECONDS + " s after the signal; exiting");
                Runtime.getRuntime().halt(1);
            }
            if (hook != null) {
                // a JVM shutdown is under way: end it with the command's verdict, not 143
                Runtime.getRuntime().halt(returned ? 0 : 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The main loop returned normally (it was asked to stop). */
    public void mainLoopReturned() {
        returned = true;
    }

    /** Everything is closed; call from a finally block. The JVM's own signal handling comes back. */
    public void closed() {
        restoreSignals();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook waits for this
            }
        }
        closed.countDown();
    }

    private void restoreSignals() {
        for (int i = 0; i < previous.size(); i++) {
            Signal.handle(handled.get(i), previous.get(i));
        }
        previous.clear();
        handled.clear();
    }
}
