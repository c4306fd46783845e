package io.fuzzycal.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fuzzycal.cli.FuzzycalCommand;
import io.fuzzycal.testkit.CliRunner;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The report's structure on a tiny run on a real embedded broker; the figures live in docs/benchmarks.md. */
class BenchCalibrateStreamCommandIntegrationTest {
    private static final CliRunner CLI = new CliRunner(FuzzycalCommand::commandLine);


    @Test
    void relayAndCalibrationRowsPerPassThenAWindowThatFillsToItsSizeAndNoFurther() {
        assumeTrue(Files.isReadable(java.nio.file.Path.of("/proc/self/status")), "no /proc/self/status");
        CliRunner.Result r = CLI.run("bench", "calibrate-stream", "--predictions", "20000", "--window-size", "200",
                "--labels", "2000", "--repeat", "2", "--service-java-opts", "-Xmx192m");
        assertThat(r.exitCode()).as(r.err()).isZero();

        List<String> lines = Arrays.asList(r.out().split("\\R"));
        int header = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("path ")) {
                header = i;
            }
        }
        assertThat(header).as(r.out()).isPositive();
        assertThat(lines.get(header)).matches("path +pass +records +timed +seconds +records/s +% of relay"
                + " +FP32 apply p50/p99 us +INT4 apply p50/p99 us +to 1st output s");
        // a pass too short to time (all of it in the first committed batch) prints '-' as its rate; 20,000
        // records take several commit intervals here, so at least the cold first pass is timed
        Pattern relay = Pattern.compile("relay \\(byte\\[\\] copy\\) +(\\d) +20000 +\\d+ +\\d+\\.\\d\\d +(\\d+\\.\\d|-)"
                + " +100\\.0 +- +- +\\d+\\.\\d\\d");
        Pattern calibration = Pattern.compile("calibration stream +(\\d) +20000 +\\d+ +\\d+\\.\\d\\d +(\\d+\\.\\d|-)"
                + " +(\\d+\\.\\d|-) +(\\d+\\.\\d)/(\\d+\\.\\d) +(\\d+\\.\\d)/(\\d+\\.\\d) +\\d+\\.\\d\\d");
        for (int pass = 1; pass <= 2; pass++) {
            Matcher m = relay.matcher(lines.get(header + 2 * pass - 1));
            assertThat(m.matches()).as(lines.get(header + 2 * pass - 1)).isTrue();
            assertThat(m.group(1)).isEqualTo(Integer.toString(pass));
            m = calibration.matcher(lines.get(header + 2 * pass));
            assertThat(m.matches()).as(lines.get(header + 2 * pass)).isTrue();
            assertThat(m.group(1)).isEqualTo(Integer.toString(pass));
            for (int g = 4; g <= 7; g++) {
                assertThat(Double.parseDouble(m.group(g))).as("apply latency").isPositive();
            }
            assertThat(Double.parseDouble(m.group(5))).isGreaterThanOrEqualTo(Double.parseDouble(m.group(4)));
        }
        Matcher best = Pattern.compile("calibration >= 60% of relay \\(best pass of each, (\\d+\\.\\d) / (\\d+\\.\\d)"
                + " records/s\\): \\d+\\.\\d% \\((met|NOT met)\\)").matcher(r.out());
        assertThat(best.find()).as(r.out()).isTrue();
        assertThat(Double.parseDouble(best.group(1))).as("calibration records/s").isPositive();
        assertThat(Double.parseDouble(best.group(2))).as("relay records/s").isPositive();

        assertThat(r.out()).contains("calibrator: fuzzy (version 0)")
                .containsPattern("labels: 2000 JSON labels over 2000 documents, 2000 matched in \\d+\\.\\d\\d s")
                .contains("refit window entries (gauge fuzzycal.calibration.window.size, model bench-overconfident):"
                        + " 200 at the end, at most 200 in ")
                .contains("; configured 200")
                .contains("the service alone: fuzzycal calibrate-stream in a JVM of its own (-Xmx192m; max heap 192.0 MB)")
                .containsPattern("(?m)^started +\\d+\\.\\d +\\d+\\.\\d +\\d+\\.\\d$")
                .containsPattern("(?m)^calibrated 20000 predictions +\\d+\\.\\d +\\d+\\.\\d +\\d+\\.\\d$")
                .containsPattern("service resident memory with a full window < 500 MB: \\d+\\.\\d MB \\((met|NOT met)\\)");
        // the service's own heap, read from its endpoint, within the heap it was given
        Matcher full = Pattern.compile("(?m)^window full \\(200\\) +(\\d+\\.\\d) +(\\d+\\.\\d) +(\\d+\\.\\d)$").matcher(r.out());
        assertThat(full.find()).as(r.out()).isTrue();
        assertThat(Double.parseDouble(full.group(2))).as("heap used MB").isPositive().isLessThanOrEqualTo(192);
        assertThat(Double.parseDouble(full.group(3))).as("heap committed MB").isPositive().isLessThanOrEqualTo(192);
        assertThat(Double.parseDouble(full.group(1))).as("resident MB").isGreaterThan(Double.parseDouble(full.group(2)));
        assertThat(r.err()).contains("bench calibrate-stream: producing 20000 predictions",
                "bench calibrate-stream: pass 1/2: relaying 20000 records",
                "bench calibrate-stream: pass 2/2: calibrating 20000 predictions",
                "bench calibrate-stream: labelling: sending 2000 labels (window 200)");
    }

    @Test
    void aRowPerShapeWhereTwoInstancesSplitThePartitionsAndOneOfOnePartitionIdles() {
        CliRunner.Result r = CLI.run("bench", "calibrate-stream", "--predictions", "20000", "--repeat", "1",
                "--partitions", "1,2", "--instances", "1,2", "--no-service-alone");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("a topic of 1, 2 partitions on an embedded broker")
                .containsPattern("(?m)^calibration stream +4 \\(2p x 2i\\) +20000 ")
                .containsPattern("(?m)^partitions +instances +relay records/s +calibration records/s +% of relay"
                        + " +busiest instance share$")
                .doesNotContain("the service alone");
        Pattern row = Pattern.compile("(?m)^(\\d) +(\\d) +(\\d+\\.\\d|-) +(\\d+\\.\\d|-) +(\\d+\\.\\d|-) +(\\d\\.\\d\\d)$");
        Matcher m = row.matcher(r.out());
        List<String> shapes = new java.util.ArrayList<>();
        while (m.find()) {
            shapes.add(m.group(1) + "x" + m.group(2));
            double busiest = Double.parseDouble(m.group(6));
            if (m.group(2).equals("1") || m.group(1).equals("1")) {
                // one instance does everything; of two on one partition, one idles
                assertThat(busiest).as(m.group()).isEqualTo(1.0);
            } else {
                assertThat(busiest).as(m.group()).isBetween(0.5, 1.0);
            }
        }
        assertThat(shapes).containsExactly("1x1", "1x2", "2x1", "2x2");
        assertThat(r.err()).contains("bench calibrate-stream: producing 20000 predictions to bench.predictions.p1",
                "bench calibrate-stream: producing 20000 predictions to bench.predictions.p2",
                "bench calibrate-stream: pass 4/4 (2p x 2i): calibrating 20000 predictions");
    }

    @Test
    void tooFewLabelsToFillTheWindowIsAUsageError() {
        CliRunner.Result r = CLI.run("bench", "calibrate-stream", "--window-size", "500", "--labels", "499");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--labels must be at least --window-size (500)");
        r = CLI.run("bench", "calibrate-stream", "--predictions", "3");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--predictions must be an even number");
        r = CLI.run("bench", "calibrate-stream", "--repeat", "0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--repeat must be >= 1");
        r = CLI.run("bench", "calibrate-stream", "--partitions", "3,0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--partitions and --instances take whole numbers >= 1, got [3, 0] and [1]");
        r = CLI.run("bench", "calibrate-stream", "--instances", "two");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--instances");
    }
}
