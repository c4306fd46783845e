package io.fuzzycal.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A program this project did not write (kcat, promtool, kubectl, node, ...), run as a child process.
 * One rule for every test that needs one: in CI ({@code CI=true}) a missing tool fails the test,
 * since .ci/run installs it; elsewhere the test is skipped with the reason.
 */
public final class ExternalTool {
    private final String command;

    private ExternalTool(String command) {
        this.command = command;
    }

    /**
     * {@code command}, when {@code probe} (e.g. {@code --version}) runs and exits 0; else a failed (CI)
     * or skipped (elsewhere) test whose reason says how to install it ({@code install}).
     */
    public static ExternalTool require(String command, String install, String... probe) {
        if (!available(command, probe)) {
            String reason = command + " is not installed (" + install + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(reason + ", and CI must run every test");
            }
            Assumptions.abort(reason);
        }
        return new ExternalTool(command);
    }

    static boolean available(String command, String... probe) {
        List<String> argv = new ArrayList<>(List.of(command));
        argv.addAll(List.of(probe));
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public String command() {
        return command;
    }

    /** Runs the tool with {@code args} in {@code dir} (null: this JVM's), {@code stdin} fed; waits up to {@code timeoutSeconds}. */
    public Result run(Path dir, String stdin, long timeoutSeconds, List<String> args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(command));
        argv.addAll(args);
        Path stderr = Files.createTempFile("fuzzycal-" + Path.of(command).getFileName() + "-", ".stderr");
        try {
            ProcessBuilder builder = new ProcessBuilder(argv).redirectError(stderr.toFile());
            if (dir != null) {
                builder.directory(dir.toFile());
            }
            Process p = builder.start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            // read before waiting: a full pipe would block the tool
            String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command + " " + args + " did not finish in " + timeoutSeconds + " s: " + stdout);
            }
            return new Result(argv, p.exitValue(), stdout, Files.readString(stderr));
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    public Result run(String... args) throws IOException, InterruptedException {
        return run(null, "", 300, List.of(args));
    }

    /** What a run printed and returned. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** stdout, then stderr: everything it said. */
        public String output() {
            return stdout + stderr;
        }

        /** This result, or an exception with the command and everything it printed. */
        public Result orThrow() throws IOException {
            if (exitCode != 0) {
                throw new IOException(String.join(" ", command) + " exited " + exitCode + ":\n" + output());
            }
            return this;
        }
    }
}
