package io.fuzzycal.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The process's resident set size, from Linux's {@code /proc/self/status} ({@code VmRSS}). */
final class ResidentMemory {
    static final Path STATUS = Path.of("/proc/self/status");

    private ResidentMemory() {
    }

    /** This process's resident set size in KiB. */
    static long currentKb() throws IOException {
        try {
            return vmRssKb(Files.readString(STATUS));
        } catch (NoSuchFileException e) {
            throw new IOException("resident memory is read from " + STATUS + ", which this system lacks (Linux only)", e);
        }
    }

    /**
     * The {@code VmRSS} of a {@code /proc/<pid>/status} text, in KiB: the line looks like
     * {@code VmRSS:\t  123456 kB}.
     */
    static long vmRssKb(String statusText) {
        return kb(statusText, "VmRSS");
    }

    /** The {@code VmHWM} (the peak resident set) of a {@code /proc/<pid>/status} text, in KiB. */
    static long vmHwmKb(String statusText) {
        return kb(statusText, "VmHWM");
    }

    private static long kb(String statusText, String field) {
        String prefix = field + ":";
        for (String line : statusText.split("\\R")) {
            if (line.startsWith(prefix)) {
                String[] parts = line.substring(prefix.length()).trim().split("\\s+");
                if (parts.length != 2 || !parts[1].equals("kB")) {
                    throw new IllegalArgumentException("unexpected " + field + " line in process status: '" + line + "'");
                }
                try {
                    return Long.parseLong(parts[0]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("unexpected " + field + " line in process status: '" + line + "'", e);
                }
            }
        }
        throw new IllegalArgumentException("process status has no " + field + " line");
    }
}
