package io.fuzzycal.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The memory probe's parsing and the report; {@link MemoryProbeIntegrationTest} runs real child processes. */
class MemoryBenchTest {
    private static final String STATUS = """
            Name:\tjava
            Umask:\t0022
            State:\tS (sleeping)
            VmPeak:\t 9267664 kB
            VmSize:\t 9267660 kB
            VmHWM:\t  353412 kB
            VmRSS:\t  327756 kB
            RssAnon:\t  280524 kB
            RssFile:\t   47232 kB
            Threads:\t27
            """;

    @Test
    void readsVmRssFromAProcStatusText() {
        assertThat(ResidentMemory.vmRssKb(STATUS)).isEqualTo(327_756);
        assertThat(ResidentMemory.vmRssKb("VmRSS: 12 kB")).isEqualTo(12);
    }

    @Test
    void readsThePeakResidentSetVmHwm() {
        assertThat(ResidentMemory.vmHwmKb(STATUS)).isEqualTo(353_412);
        assertThatThrownBy(() -> ResidentMemory.vmHwmKb("VmRSS: 12 kB"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no VmHWM line");
    }

    @Test
    void rejectsAStatusWithoutOrWithAnOddVmRss() {
        assertThatThrownBy(() -> ResidentMemory.vmRssKb(STATUS.replace("VmRSS", "VmXXX")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no VmRSS line");
        assertThatThrownBy(() -> ResidentMemory.vmRssKb("VmRSS:\t 12 MB"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("VmRSS:\t 12 MB");
        assertThatThrownBy(() -> ResidentMemory.vmRssKb("VmRSS:\t twelve kB"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsThisProcessWhereThereIsProc() throws Exception {
        assumeTrue(Files.isReadable(ResidentMemory.STATUS), "no /proc/self/status");
        assertThat(ResidentMemory.currentKb()).isPositive();
    }

    @Test
    void parsesTheProbesStagesAmongOtherOutput() {
        String output = """
                SLF4J(W): No SLF4J providers were found.
                fuzzycal-rss start 180000
                fuzzycal-rss runtime 210000
                some ONNX Runtime warning
                fuzzycal-rss session 250000
                fuzzycal-rss classified 255000
                fuzzycal-rss tokenizer 260000
                """;
        assertThat(MemoryProbe.parse(output)).containsExactly(Map.entry("start", 180_000L),
                Map.entry("runtime", 210_000L), Map.entry("session", 250_000L), Map.entry("classified", 255_000L),
                Map.entry("tokenizer", 260_000L));
        assertThatThrownBy(() -> MemoryProbe.parse("fuzzycal-rss start 1\nException in thread main"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("[start]");
    }

    @Test
    void reportGivesGrowthAndTheInt4ShareOfFp32() {
        List<MemoryReport.Sample> samples = List.of(
                MemoryReport.Sample.of("FP32", List.of(
                        stages(100 * 1024, 130 * 1024, 230 * 1024, 240 * 1024, 245 * 1024),
                        stages(100 * 1024, 130 * 1024, 231 * 1024, 241 * 1024, 246 * 1024),
                        stages(100 * 1024, 130 * 1024, 229 * 1024, 239 * 1024, 244 * 1024))),
                MemoryReport.Sample.of("INT4 L0", List.of(stages(100 * 1024, 130 * 1024, 160 * 1024, 170 * 1024, 175 * 1024))));
        assertThat(samples.get(0).loadKb()).isEqualTo(100 * 1024); // medians per stage
        String table = MemoryReport.table(samples);
        assertThat(table.split("\\R")[1]).matches("FP32 +100\\.0 +130\\.0 +230\\.0 +100\\.0 +100\\.0 +240\\.0 +110\\.0 +100\\.0 +5\\.0");
        assertThat(table.split("\\R")[2]).matches("INT4 L0 +100\\.0 +130\\.0 +160\\.0 +30\\.0 +30\\.0 +170\\.0 +40\\.0 +36\\.4 +5\\.0");
        assertThat(MemoryReport.targets(samples)).contains(
                "INT4 session load growth <= 35% of FP32's: INT4 L0 30.0% (met)",
                "without the engine's tokenizer (load growth - tokenizer inst.): INT4 L0 26.3% (met)",
                "including the first classify: INT4 L0 36.4% (NOT met)",
                "counted from JVM start (runtime libraries' own load included): INT4 L0 46.2% (NOT met)");
    }

    private static Map<String, Long> stages(long start, long runtime, long session, long classified, long tokenizer) {
        return Map.of("start", start, "runtime", runtime, "session", session, "classified", classified,
                "tokenizer", tokenizer);
    }
}
