package io.fuzzycal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fuzzycal.inference.InferenceServiceConfig;
import io.fuzzycal.testkit.CliRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fuzzycal inference}'s batching settings: max.batch.bytes and concurrent.variants; no broker. */
class InferenceBatchingSettingsTest {
    private static final CliRunner CLI = new CliRunner(FuzzycalCommand::commandLine);

    @TempDir
    Path dir;

    @Test
    void readsBatchBytesAndConcurrentVariantsFromTheSettings() throws IOException {
        Path file = Files.writeString(dir.resolve("inference.properties"),
                "bootstrap.servers=b:9092\nmax.batch.bytes=65536\nconcurrent.variants=false\n");
        InferenceServiceConfig config = InferenceCommand.config(ServiceSettings.load(file, Map.of(), Map.of()));
        assertThat(config.maxBatchBytes()).isEqualTo(65_536);
        assertThat(config.concurrentVariants()).isFalse();
        assertThat(config.intraOpThreads(2)).isEqualTo(2);

        InferenceServiceConfig flags = InferenceCommand.config(ServiceSettings.load(file, Map.of(),
                Map.of("concurrent.variants", "TRUE")));
        assertThat(flags.concurrentVariants()).isTrue();
        assertThat(flags.intraOpThreads(2)).isEqualTo(1);

        InferenceServiceConfig defaults = InferenceCommand.config(ServiceSettings.load(null, Map.of(),
                Map.of("bootstrap.servers", "b:9092")));
        assertThat(defaults.maxBatchBytes()).isEqualTo(InferenceServiceConfig.DEFAULT_MAX_BATCH_BYTES);
        assertThat(defaults.concurrentVariants()).isEqualTo(InferenceServiceConfig.DEFAULT_CONCURRENT_VARIANTS);
    }

    @Test
    void refusesAConcurrentVariantsValueThatIsNotABoolean() throws IOException {
        Path file = Files.writeString(dir.resolve("inference.properties"), "bootstrap.servers=b:9092\nconcurrent.variants=yes\n");
        assertThatThrownBy(() -> InferenceCommand.config(ServiceSettings.load(file, Map.of(), Map.of())))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("concurrent.variants must be true or false");
    }

    @Test
    void refusesBatchBytesBelowOneWithAClearError() {
        CliRunner.Result r = CLI.run("inference", "--bootstrap-servers", "localhost:1", "--max-batch-bytes", "0");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("fuzzycal: error: ").contains("positive");
    }
}
