package io.fuzzycal.model;

import java.util.Locale;

/**
 * Where ONNX Runtime runs a session: the CPU, one CUDA device, or {@code auto} (CUDA device 0 when
 * it starts, else the CPU).
 */
public record Device(Kind kind, int index) {

    public enum Kind { CPU, CUDA, AUTO }

    public static final Device CPU = new Device(Kind.CPU, 0);
    public static final Device AUTO = new Device(Kind.AUTO, 0);

    public Device {
        if (kind == null) {
            throw new IllegalArgumentException("device kind is required");
        }
        if (index < 0) {
            throw new IllegalArgumentException("device index must be ≥ 0, got " + index);
        }
    }

    public static Device cuda(int index) {
        return new Device(Kind.CUDA, index);
    }

    /** Parses {@code cpu}, {@code cuda}, {@code cuda:N} or {@code auto}. */
    public static Device parse(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (s.equals("cpu")) {
            return CPU;
        }
        if (s.equals("auto")) {
            return AUTO;
        }
        if (s.equals("cuda")) {
            return cuda(0);
        }
        if (s.startsWith("cuda:")) {
            try {
                int index = Integer.parseInt(s.substring(5));
                if (index >= 0) {
                    return cuda(index);
                }
            } catch (NumberFormatException e) {
                // reported below with the accepted forms
            }
        }
        throw new IllegalArgumentException("unknown device '" + text + "', expected cpu, cuda, cuda:N or auto");
    }

    @Override
    public String toString() {
        return switch (kind) {
            case CPU -> "cpu";
            case AUTO -> "auto";
            case CUDA -> "cuda:" + index;
        };
    }
}
