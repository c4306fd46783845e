package io.fuzzycal.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens ONNX Runtime sessions on one device with explicit threading. The device is resolved on the
 * first session: {@code auto} that falls back to the CPU says so once and stays on the CPU for every
 * later session, so an engine never splits its variants across devices.
 */
final class SessionFactory {
    private static final Logger LOG = LoggerFactory.getLogger(SessionFactory.class);

    /** A model's bytes or file; lets one code path open both. */
    @FunctionalInterface
    interface ModelSource {
        OrtSession create(OrtEnvironment env, OrtSession.SessionOptions options) throws OrtException;

        static ModelSource file(Path model) {
            return (env, options) -> env.createSession(model.toString(), options);
        }

        static ModelSource bytes(byte[] model) {
            return (env, options) -> env.createSession(model, options);
        }
    }

    private static final long LOADER_STACK_BYTES = 64L << 20; // reserved, not committed: costs address space only

    private static volatile OrtEnvironment environment;

    private final int intraOpThreads;
    private Device device;

    SessionFactory(Device requested, int intraOpThreads) {
        this.device = requested;
        this.intraOpThreads = intraOpThreads;
    }

    /** The device sessions run on: the requested one, or the CPU after an {@code auto} fallback. */
    synchronized Device device() {
        return device;
    }

    synchronized OrtSession open(ModelSource model) throws OrtException {
        if (device.kind() == Device.Kind.CPU) {
            return create(model, -1);
        }
        int cudaIndex = device.index();
        try {
            OrtSession session = create(model, cudaIndex);
            device = Device.cuda(cudaIndex);
            return session;
        } catch (OrtException | RuntimeException | LinkageError e) {
            String reason = firstLine(e);
            if (device.kind() == Device.Kind.CUDA) {
                throw new DeviceUnavailableException("CUDA execution provider unavailable: " + reason
                        + "; build with -Pcuda on a machine with an NVIDIA GPU, or use --device cpu", e);
            }
            LOG.warn("CUDA execution provider unavailable: {}; --device auto falls back to CPU", reason);
            device = Device.CPU;
            return create(model, -1);
        }
    }

    /**
     * The ONNX Runtime environment, created on a large stack the first time (see {@link #onLargeStack}).
     * Use this, not {@code OrtEnvironment.getEnvironment()}, wherever this package may be first to
     * touch ONNX Runtime.
     */
    static OrtEnvironment environment() {
        OrtEnvironment env = environment;
        if (env == null) {
            synchronized (SessionFactory.class) {
                if (environment == null) {
                    try {
                        environment = onLargeStack(OrtEnvironment::getEnvironment);
                    } catch (OrtException e) {
                        throw new IllegalStateException("cannot start ONNX Runtime: " + e.getMessage(), e);
                    }
                }
                env = environment;
            }
        }
        return env;
    }

    private OrtSession create(ModelSource model, int cudaIndex) throws OrtException {
        return onLargeStack(() -> createHere(model, cudaIndex));
    }

    @FunctionalInterface
    private interface OrtWork<T> {
        T run() throws OrtException;
    }

    /**
     * Runs {@code work} on a thread of its own with a 64 MiB stack. Measured with ORT 1.29 Java on
     * this project's class paths: loading the native library (the first
     * {@code OrtEnvironment.getEnvironment()}) and creating a session of all-MiniLM-L6-v2 each need
     * about 1 MiB of native stack, the size of a default Java thread; overflowing it kills the JVM with
     * a bare SIGSEGV and no hs_err file, depending on the class path and how deep the caller was.
     * Running a loaded session needs far less (128 KiB sufficed), so inference stays on the caller.
     */
    private static <T> T onLargeStack(OrtWork<T> work) throws OrtException {
        FutureTask<T> task = new FutureTask<>(work::run);
        Thread loader = new Thread(null, task, "onnx-session-loader", LOADER_STACK_BYTES);
        loader.setDaemon(true);
        loader.start();
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading an ONNX model", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof OrtException ort) {
                throw ort;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    private OrtSession createHere(ModelSource model, int cudaIndex) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (cudaIndex >= 0) {
                if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
                    throw new IllegalStateException("this ONNX Runtime build has no CUDA provider (it has "
                            + OrtEnvironment.getAvailableProviders() + ")");
                }
                options.addCUDA(cudaIndex);
            }
            return model.create(environment(), options);
        }
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline).strip();
    }
}
