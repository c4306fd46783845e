package io.fuzzycal.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.cli.FuzzycalCommand;
import io.fuzzycal.testkit.CliRunner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code bench monitor --windows}: the monitor's cost per event for each window shape, on a real broker. */
class BenchMonitorCommandIntegrationTest {
    private static final CliRunner CLI = new CliRunner(FuzzycalCommand::commandLine);

    @Test
    void aRowPerWindowShapeAndTheRelayOfThePass() {
        CliRunner.Result r = CLI.run("bench", "monitor", "--documents", "400", "--repeat", "1",
                "--windows", "10m:100,1h:400");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("400 documents (FP32 + INT4 CalibratedPrediction and a JSON label each, 4 monitor"
                        + " events per document) spread over 50 minutes of record time")
                .containsPattern("(?m)^window \\(time:count\\) +pass +documents per time window +seconds +us per event"
                        + " +labelled documents/s +% of relay$")
                .containsPattern("(?m)^relay \\(byte\\[\\] copy\\) +1 +- +\\d+\\.\\d\\d +- +(\\d+\\.\\d|-) +100\\.0$")
                .doesNotContain("the monitor alone");
        // 10 of the 50 minutes: a fifth of the documents per time window
        Matcher m = Pattern.compile("(?m)^10m:100 +1 +80 +(\\d+\\.\\d\\d) +(\\d+\\.\\d|-) ").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        m = Pattern.compile("(?m)^1h:400 +1 +400 +(\\d+\\.\\d\\d) +(\\d+\\.\\d) +(\\d+\\.\\d) +(\\d+\\.\\d|-)$")
                .matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        assertThat(Double.parseDouble(m.group(2))).as("us per event").isPositive();
        assertThat(r.err()).contains("bench monitor: pass 1-2: monitor (PT1H advancing PT1M, last 400 labels)");
    }

    @Test
    void aWindowThatIsNotTimeColonCountIsAUsageError() {
        CliRunner.Result r = CLI.run("bench", "monitor", "--windows", "1h:2000,90s:100");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--windows: '90s:100' is not <time>:<count>");
        r = CLI.run("bench", "monitor", "--windows", "10m:0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--windows: '10m:0'");
    }
}
