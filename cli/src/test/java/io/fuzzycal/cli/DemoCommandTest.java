package io.fuzzycal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fuzzycal.feeds.LabelledText;
import io.fuzzycal.feeds.TextCsv;
import io.fuzzycal.inference.InferenceServiceConfig;
import io.fuzzycal.monitor.MonitorConfig;
import io.fuzzycal.stream.CalibrationStreamConfig;
import io.fuzzycal.testkit.CliRunner;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's parts that need no broker: the scenario, the data directory, ports, settings and the table. */
class DemoCommandTest {
    private static final CliRunner CLI = new CliRunner(FuzzycalCommand::commandLine);
    private static final Path TWEETS = Path.of("..", "data", "tfns", "valid.csv");

    @TempDir
    Path dir;

    private static List<LabelledText> tweets() throws IOException {
        return TextCsv.read(TWEETS);
    }

    private static double[] mix(List<LabelledText> texts) {
        double[] share = new double[3];
        texts.forEach(t -> share[t.label()] += 1.0 / texts.size());
        return share;
    }

    private static List<LabelledText> take(DemoScenario s, int n) {
        List<LabelledText> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(s.next());
        }
        return out;
    }

    @Test
    void aSteadyFeedPlaysTheTweetsAsTheyAreWithFreshIds() throws IOException {
        List<LabelledText> tweets = tweets();
        DemoScenario feed = new DemoScenario(tweets, DemoScenario.Kind.STEADY, 10, "run1", 7);
        List<LabelledText> played = take(feed, tweets.size() + 100); // past one loop: the loop starts again
        Set<String> texts = new HashSet<>();
        tweets.forEach(t -> texts.add(t.text()));
        assertThat(played).allMatch(t -> texts.contains(t.text()));
        assertThat(played.stream().map(LabelledText::id).distinct().count()).isEqualTo(played.size());
        assertThat(played.get(0).id()).startsWith("run1-");
        assertThat(feed.shifted()).isFalse();
        // one whole loop holds every tweet once, so its class mix is the split's
        assertThat(mix(played.subList(0, tweets.size()))).containsExactly(mix(tweets), org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aRegimeShiftMovesTheClassMixAndTurnsTweetsIntoWireFlashes() throws IOException {
        List<LabelledText> tweets = tweets();
        DemoScenario feed = new DemoScenario(tweets, DemoScenario.Kind.REGIME_SHIFT, 300, "run2", 7);
        List<LabelledText> before = take(feed, 300);
        assertThat(feed.shifted()).isTrue();
        List<LabelledText> after = take(feed, 3000);
        assertThat(mix(before)[2]).isGreaterThan(0.5); // the tweets are mostly Neutral
        double[] shifted = mix(after);
        for (int c = 0; c < 3; c++) {
            assertThat(shifted[c]).isCloseTo(DemoScenario.SHIFTED_MIX[c], org.assertj.core.data.Offset.offset(0.03));
        }
        assertThat(after.stream().filter(t -> t.text().split(" ").length > DemoScenario.FLASH_WORDS).count())
                .as("flashes are five words at most").isZero();
        assertThat(after.stream().filter(t -> t.text().contains("$") || t.text().contains("http")).count())
                .as("flashes carry no cashtags or links").isLessThan(after.size() / 100);
    }

    @Test
    void aWireFlashKeepsFiveWordsWithoutTagsOrLinks() {
        assertThat(DemoScenario.wireFlash("$ALLY - Ally Financial pulls outlook for 2020 https://t.co/G9Zdi1boy5"))
                .isEqualTo("- Ally Financial pulls outlook");
        assertThat(DemoScenario.wireFlash("$AAPL $MSFT")).as("nothing left: the tweet stays").isEqualTo("$AAPL $MSFT");
    }

    @Test
    void aFinishedFeedEnds() throws IOException {
        DemoScenario feed = new DemoScenario(tweets(), DemoScenario.Kind.STEADY, 0, "run3", 1);
        take(feed, 5);
        feed.finish();
        assertThat(feed.hasNext()).isFalse();
        assertThat(feed.emitted()).isEqualTo(5);
    }

    @Test
    void theDataDirectoryIsEmptiedOnlyWhenTheDemoMadeIt() throws IOException {
        Path demo = DemoCommand.prepareDataDir(dir.resolve("demo"), false);
        Files.writeString(demo.resolve("old-state"), "x");
        assertThat(DemoCommand.prepareDataDir(demo, true).resolve("old-state")).as("--resume keeps it").exists();
        assertThat(DemoCommand.prepareDataDir(demo, false).resolve("old-state")).as("a new run starts clean").doesNotExist();

        Path users = Files.createDirectories(dir.resolve("users"));
        Files.writeString(users.resolve("thesis.tex"), "precious");
        assertThatThrownBy(() -> DemoCommand.prepareDataDir(users, false)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("holds files the demo did not write");
        assertThat(users.resolve("thesis.tex")).exists();
    }

    @Test
    void aDefaultPortInUseFallsBackToAFreeOneAndAGivenOneIsRefused() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(DemoCommand.LOCALHOST))) {
            int port = taken.getLocalPort();
            assertThat(DemoCommand.port(null, port, "--port")).isZero();
            assertThatThrownBy(() -> DemoCommand.port(port, 8080, "--port")).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("port " + port + " is in use; choose another with --port");
        }
        assertThat(DemoCommand.port(0, 8080, "--port")).isZero();
    }

    @Test
    void theSettingsFilesRunEachServiceAsTheDemoRunsIt() throws IOException {
        DemoSettings settings = new DemoSettings(dir, null, "cpu", 2, 3, Duration.ofSeconds(15), 150, 400, 300,
                Duration.ofSeconds(60));
        Path configs = settings.write("127.0.0.1:9092", "http://127.0.0.1:8081");

        ServiceSettings monitorFile = ServiceSettings.load(configs.resolve("monitor.properties"), Map.of(), Map.of());
        MonitorConfig fromFile = MonitorCommand.config(monitorFile);
        MonitorConfig inDemo = MonitorCommand.config(settings.monitor("127.0.0.1:9092", "http://127.0.0.1:8081"));
        assertThat(fromFile).isEqualTo(inDemo);
        assertThat(fromFile.countWindow()).isEqualTo(300);
        assertThat(fromFile.windowSize()).isEqualTo(Duration.ofSeconds(60));
        assertThat(fromFile.windowAdvance()).isEqualTo(Duration.ofSeconds(6));

        CalibrationStreamConfig stream = CalibrateStreamCommand.config(ServiceSettings.load(
                configs.resolve("calibrate-stream.properties"), Map.of(), Map.of()));
        assertThat(stream.policy().refitEveryLabels()).isEqualTo(150);
        assertThat(stream.policy().windowSize()).isEqualTo(400);
        assertThat(stream.labelDelay()).as("ten minutes at least, so no label is refused as late")
                .isEqualTo(Duration.ofMinutes(10));

        InferenceServiceConfig inference = InferenceCommand.config(ServiceSettings.load(
                configs.resolve("inference.properties"), Map.of(), Map.of()));
        assertThat(inference.bootstrapServers()).isEqualTo("127.0.0.1:9092");
    }

    @Test
    void theTableShowsDashesUntilAWindowCloses() {
        String table = DemoTable.format(List.of(
                new DemoTable.Row("FP32", Optional.of(0.1234), Optional.of(0.0412), Optional.of(0.75), Optional.of(0.8),
                        300, 3, 12.34),
                new DemoTable.Row("INT4", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 0, 0, 0)));
        List<String> lines = table.lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("raw ECE", "cal ECE", "accuracy", "est. acc", "calibrator", "texts/s");
        assertThat(lines.get(1)).contains("0.123", "0.041", "75.0%", "80.0%", "300", "v3", "12.3");
        assertThat(lines.get(2)).contains("INT4", "-", "v0 (none)");
    }

    @Test
    void badOptionsAreUserErrorsBeforeAnythingStarts() {
        CliRunner.Result scenario = CLI.run("demo", "--scenario", "sideways", "--data-dir", dir.resolve("d").toString());
        assertThat(scenario.exitCode()).isEqualTo(2);
        assertThat(scenario.err()).contains("--scenario sideways: unknown; use steady or regime-shift");
        CliRunner.Result rate = CLI.run("demo", "--rate", "0", "--data-dir", dir.resolve("d").toString());
        assertThat(rate.exitCode()).isEqualTo(2);
        assertThat(rate.err()).contains("--rate must be above 0");
        assertThat(dir.resolve("d")).as("nothing was started or written").doesNotExist();
    }
}
