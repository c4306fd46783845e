package io.fuzzycal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGINT) on a running {@code fuzzycal demo} with no {@code --duration}: it stops the feed and
 * every service in order, prints the summary with counts that balance, and exits 0.
 */
class DemoInterruptIntegrationTest {
    @TempDir
    Path dir;

    @Test
    void ctrlCStopsEverythingCleanlyWithASummary() throws Exception {
        Path log = dir.resolve("demo.out");
        Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), FuzzycalCommand.class.getName(), "demo",
                "--data-dir", dir.resolve("demo").toString(), "--rate", "20/s", "--label-delay", "2s",
                "--port", "0", "--kafka-port", "0", "--registry-port", "0", "--table-every", "3s")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
            while (System.nanoTime() < deadline && demo.isAlive() && !output(log).contains("[00:06")) {
                Thread.sleep(200);
            }
            assertThat(output(log)).as("the demo runs: %s", log).contains("[00:06");
            // what Ctrl-C sends a foreground process
            assertThat(new ProcessBuilder("kill", "-INT", Long.toString(demo.pid())).start().waitFor()).isZero();
            assertThat(demo.waitFor(90, TimeUnit.SECONDS)).as("stopped within the shutdown's 90 s").isTrue();
            String out = output(log);
            assertThat(demo.exitValue()).as(out).isZero();
            assertThat(out).contains("demo: stopping (Ctrl-C)", "fuzzycal demo summary", "counts balance: yes");
            assertThat(out).doesNotContain("fuzzycal: error").doesNotContain("Exception in thread");
        } finally {
            demo.destroyForcibly();
        }
    }

    private static String output(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }
}
