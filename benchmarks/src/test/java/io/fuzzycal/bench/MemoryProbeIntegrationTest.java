package io.fuzzycal.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fuzzycal.model.TestBundles;
import io.fuzzycal.testkit.CliRunner;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code bench memory} with real child processes, one per model. No assertions on the figures. */
class MemoryProbeIntegrationTest {
    private static final CliRunner BENCH = new CliRunner(() -> new CommandLine(new BenchCommand()));

    @Test
    void measuresEachModelInAChildProcess() throws Exception {
        assumeTrue(Files.isReadable(ResidentMemory.STATUS), "no /proc/self/status");
        CliRunner.Result r = BENCH.run("memory", "--bundle", TestBundles.defaultBundle().directory().toString(),
                "--repeat", "1", "--accuracy-levels", "0");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("(?m)^FP32( +\\d+\\.\\d){4} +100\\.0( +\\d+\\.\\d){3} +-?\\d+\\.\\d$")
                .containsPattern("(?m)^INT4 L0( +-?\\d+\\.\\d){9}$")
                .containsPattern("INT4 session load growth <= 35% of FP32's: INT4 L0 \\d+\\.\\d% \\((met|NOT met)\\)");
        assertThat(r.err()).contains("bench memory: FP32 process 1/1", "bench memory: INT4 L0 process 1/1");
    }
}
