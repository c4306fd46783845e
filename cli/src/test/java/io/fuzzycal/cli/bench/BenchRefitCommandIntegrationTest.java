package io.fuzzycal.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fuzzycal.cli.FuzzycalCommand;
import io.fuzzycal.testkit.CliRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code bench refit} with the service alone: its memory with a full window of each size, on a real broker. */
class BenchRefitCommandIntegrationTest {
    private static final CliRunner CLI = new CliRunner(FuzzycalCommand::commandLine);

    @Test
    void theServiceAloneFillsAWindowOfEachSizeAndReportsItsMemory() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "no /proc/self/status");
        CliRunner.Result r = CLI.run("bench", "refit", "--window-sizes", "200,800", "--methods", "temperature",
                "--repeat", "1", "--service-java-opts", "-Xmx192m");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("(?m)^200 +temperature +\\d+\\.\\d{3} ")
                .containsPattern("(?m)^800 +temperature +\\d+\\.\\d{3} ")
                .contains("the service alone with a full window: fuzzycal calibrate-stream in a JVM of its own (-Xmx192m)")
                .containsPattern("(?m)^window +resident MB started +resident MB calibrated +resident MB window full"
                        + " +heap used MB window full +labels/s +window entries$");
        for (String size : new String[] {"200", "800"}) {
            Matcher m = Pattern.compile("(?m)^" + size + " +(\\d+\\.\\d) +(\\d+\\.\\d) +(\\d+\\.\\d) +(\\d+\\.\\d)"
                    + " +(\\d+\\.\\d) +(\\d+)$").matcher(r.out());
            assertThat(m.find()).as(size + " in\n" + r.out()).isTrue();
            double full = Double.parseDouble(m.group(3));
            double heap = Double.parseDouble(m.group(4));
            assertThat(heap).as("heap used MB").isPositive().isLessThanOrEqualTo(192);
            assertThat(full).as("resident MB with the window full").isGreaterThan(heap);
            assertThat(Double.parseDouble(m.group(5))).as("labels/s").isPositive();
            assertThat(m.group(6)).as("window entries at the end").isEqualTo(size);
        }
        assertThat(r.err()).contains("bench refit: the service alone with a window of 800",
                "bench calibrate-stream: labelling: sending 800 labels (window 800)");
    }
}
