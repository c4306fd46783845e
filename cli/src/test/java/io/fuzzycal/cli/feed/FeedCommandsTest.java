package io.fuzzycal.cli.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.cli.FuzzycalCommand;
import io.fuzzycal.testkit.CliRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to replay, produce and feed: exit 2 with the reason, before any broker is tried. */
class FeedCommandsTest {
    private static final CliRunner CLI = new CliRunner(FuzzycalCommand::commandLine);
    // nothing listens here: a command that got as far as the cluster would fail differently
    private static final String NO_BROKER = "--bootstrap-servers=127.0.0.1:1";

    @Test
    void replayOfAMissingFileIsBadInput(@TempDir Path dir) {
        CliRunner.Result r = CLI.run("replay", NO_BROKER, "--file", dir.resolve("nope.csv").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("nope.csv: no such file");
    }

    @Test
    void replayOfABadRowNamesTheLine(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "text,label\n\"fine, quoted\",1\nnot fine,Bullish\n");
        CliRunner.Result r = CLI.run("replay", NO_BROKER, "--file", csv.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(csv + ":3: row 2: label is not a class index");
    }

    @Test
    void badRatesAndDelaysAreUsageErrors(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("ok.csv");
        Files.writeString(csv, "text\nhello\n");
        CliRunner.Result rate = CLI.run("replay", NO_BROKER, "--file", csv.toString(), "--rate", "fast");
        assertThat(rate.exitCode()).isEqualTo(2);
        assertThat(rate.err()).contains("'fast' is not a rate");
        CliRunner.Result negative = CLI.run("replay", NO_BROKER, "--file", csv.toString(), "--rate", "-3/s");
        assertThat(negative.exitCode()).isEqualTo(2);
        CliRunner.Result delay = CLI.run("replay", NO_BROKER, "--file", csv.toString(), "--label-delay", "soon");
        assertThat(delay.exitCode()).isEqualTo(2);
    }

    @Test
    void ratesTakeUnits() {
        RateConverter rates = new RateConverter();
        assertThat(rates.convert("20")).isEqualTo(20.0);
        assertThat(rates.convert("20/s")).isEqualTo(20.0);
        assertThat(rates.convert("600/m")).isEqualTo(10.0);
        assertThat(rates.convert("0")).isEqualTo(0.0);
    }

    @Test
    void produceOfAMissingFileIsBadInput(@TempDir Path dir) {
        CliRunner.Result r = CLI.run("produce", NO_BROKER, "--input", dir.resolve("lines.txt").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("lines.txt: no such file");
    }

    @Test
    void feedTakesHttpUrlsOnly() {
        CliRunner.Result ftp = CLI.run("feed", NO_BROKER, "--rss", "ftp://example.com/feed.xml");
        assertThat(ftp.exitCode()).isEqualTo(2);
        assertThat(ftp.err()).contains("--rss ftp://example.com/feed.xml: not an http(s) URL");
        CliRunner.Result none = CLI.run("feed", NO_BROKER);
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("--rss");
        CliRunner.Result interval = CLI.run("feed", NO_BROKER, "--rss", "http://example.com/f", "--interval", "0s");
        assertThat(interval.exitCode()).isEqualTo(2);
        assertThat(interval.err()).contains("must be positive");
    }
}
