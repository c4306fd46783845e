package io.fuzzycal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.testkit.CliRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fuzzycal inference}'s settings layers for the model options it shares with {@code study}; no broker. */
class InferenceCommandTest {
    private static final CliRunner CLI = new CliRunner(FuzzycalCommand::commandLine);

    @TempDir
    Path dir;

    @Test
    void aModelSettingInTheConfigFileIsNotHiddenByTheFlagsDefault() throws IOException {
        Path config = Files.writeString(dir.resolve("inference.properties"), "device=tpu\n");
        CliRunner.Result r = CLI.run("inference", "--bootstrap-servers", "localhost:1", "--config", config.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("fuzzycal: error: ").contains("unknown device 'tpu'");
    }

    @Test
    void aGivenFlagWinsOverTheConfigFile() throws IOException {
        Path config = Files.writeString(dir.resolve("inference.properties"), "device=tpu\nbundle=/nowhere\n");
        Path absent = dir.resolve("absent-bundle");
        CliRunner.Result r = CLI.run("inference", "--bootstrap-servers", "localhost:1", "--config", config.toString(),
                "--device", "cpu", "--bundle", absent.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).doesNotContain("tpu", "/nowhere").contains(absent.toString());
    }
}
