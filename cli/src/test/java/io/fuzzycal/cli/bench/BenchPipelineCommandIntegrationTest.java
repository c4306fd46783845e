package io.fuzzycal.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fuzzycal.cli.FuzzycalCommand;
import io.fuzzycal.model.TestBundles;
import io.fuzzycal.testkit.CliRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code bench pipeline} on a small run: the three services as processes on a real embedded broker,
 * a few hundred tweets. The report's structure and what must hold whatever the machine's speed;
 * the figures live in docs/benchmarks.md.
 */
class BenchPipelineCommandIntegrationTest {
    private static final CliRunner CLI = new CliRunner(FuzzycalCommand::commandLine);
    private static final int TEXTS = 100;
    private static final int WARM_UP = 30;

    @Test
    void bothVariantsCalibratedOnceEachWithOrderedLatenciesAndTheMemoryOfEveryProcess() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "no /proc/self/status");
        CliRunner.Result r = CLI.run("bench", "pipeline", "--bundle", TestBundles.defaultBundle().directory().toString(),
                "--texts", Integer.toString(TEXTS), "--duration", "8s", "--label-delay", "1s",
                // C1 only: the services start sooner, and this test checks what holds at any speed
                "--service-java-opts", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        String out = r.out();
        List<String> lines = Arrays.asList(out.split("\\R"));

        // throughput: every text of the burst calibrated in each variant
        int header = lines.indexOf("variant  texts  calibrated  seconds  texts/s");
        assertThat(header).as(out).isPositive();
        Pattern throughputRow = Pattern.compile("(FP32|INT4) +(\\d+) +(\\d+) +\\d+\\.\\d\\d +(\\d+\\.\\d)");
        double slowest = Double.MAX_VALUE;
        for (int i = 1; i <= 2; i++) {
            Matcher m = throughputRow.matcher(lines.get(header + i));
            assertThat(m.matches()).as(lines.get(header + i)).isTrue();
            assertThat(m.group(1)).isEqualTo(i == 1 ? "FP32" : "INT4");
            assertThat(Integer.parseInt(m.group(2))).isEqualTo(TEXTS);
            assertThat(Integer.parseInt(m.group(3))).isEqualTo(TEXTS);
            slowest = Math.min(slowest, Double.parseDouble(m.group(4)));
        }
        assertThat(slowest).isPositive();
        Matcher sustainable = Pattern.compile("sustainable: (\\d+\\.\\d) texts/s \\(the slower variant\\); the latency phase"
                + " runs at half of it").matcher(out);
        assertThat(sustainable.find()).as(out).isTrue();
        assertThat(Double.parseDouble(sustainable.group(1))).isEqualTo(slowest);

        // latency: at half that rate for 8 s; each text calibrated once per variant; p50 <= p99 <= max, and per text
        // scored <= calibrated <= read, so their percentiles too
        Matcher paced = Pattern.compile("latency: (\\d+) texts paced at (\\d+\\.\\d) texts/s \\(half the sustainable rate\\)"
                + " for 8s").matcher(out);
        assertThat(paced.find()).as(out).isTrue();
        int latencyTexts = Integer.parseInt(paced.group(1));
        assertThat(Double.parseDouble(paced.group(2))).isCloseTo(slowest / 2, org.assertj.core.data.Offset.offset(0.051));
        // the rate unrounded: the count is within one of what the printed one gives
        assertThat((double) latencyTexts).isCloseTo(Math.max(1, slowest / 2 * 8), org.assertj.core.data.Offset.offset(1.0));
        header = lines.indexOf("variant  texts  calibrated  texts/s  scored p50/p99 ms  calibrated p50/p99 ms  read p50/p99 ms"
                + "  read max ms");
        assertThat(header).as(out).isPositive();
        Pattern latencyRow = Pattern.compile("(FP32|INT4) +(\\d+) +(\\d+) +(\\d+\\.\\d) +(\\d+)/(\\d+) +(\\d+)/(\\d+)"
                + " +(\\d+)/(\\d+) +(\\d+)");
        for (int i = 1; i <= 2; i++) {
            Matcher m = latencyRow.matcher(lines.get(header + i));
            assertThat(m.matches()).as(lines.get(header + i)).isTrue();
            assertThat(m.group(1)).isEqualTo(i == 1 ? "FP32" : "INT4");
            assertThat(Integer.parseInt(m.group(2))).isEqualTo(latencyTexts);
            assertThat(Integer.parseInt(m.group(3))).isEqualTo(latencyTexts);
            assertThat(Double.parseDouble(m.group(4))).isPositive();
            long[] ms = new long[7];
            for (int g = 0; g < 7; g++) {
                ms[g] = Long.parseLong(m.group(5 + g));
            }
            assertThat(ms[0]).as("scored p50 <= p99").isLessThanOrEqualTo(ms[1]);
            assertThat(ms[2]).as("calibrated p50 <= p99").isLessThanOrEqualTo(ms[3]);
            assertThat(ms[4]).as("read p50 <= p99").isLessThanOrEqualTo(ms[5]);
            assertThat(ms[5]).as("read p99 <= max").isLessThanOrEqualTo(ms[6]);
            assertThat(ms[0]).as("scored before calibrated (p50)").isLessThanOrEqualTo(ms[2]);
            assertThat(ms[2]).as("calibrated before read (p50)").isLessThanOrEqualTo(ms[4]);
            assertThat(ms[4]).as("read p50").isPositive();
        }

        // every label counted by both consumers of labels; the monitor's lag measured
        int documents = WARM_UP + TEXTS + latencyTexts;
        assertThat(out).contains("labels: " + documents + " sent; matched by the calibration stream " + documents
                + ", by the monitor " + documents + ";");
        Matcher monitor = Pattern.compile("monitor during the latency phase: (\\d+\\.\\d) events/s .*label sent -> counted"
                + " there: p50 (\\d+) ms, p99 (\\d+) ms over (\\d+) labels").matcher(out);
        assertThat(monitor.find()).as(out).isTrue();
        assertThat(Double.parseDouble(monitor.group(1))).isPositive();
        assertThat(Long.parseLong(monitor.group(2))).isLessThanOrEqualTo(Long.parseLong(monitor.group(3)));
        assertThat(Integer.parseInt(monitor.group(4))).isPositive();

        // each process: CPU in both phases, resident memory now and its peak
        header = lines.indexOf(lines.stream().filter(l -> l.startsWith("process ")).findFirst().orElseThrow());
        assertThat(lines.get(header)).matches("process +JVM options +CPU % throughput +CPU % latency +RSS end MB +RSS peak MB");
        Pattern processRow = Pattern.compile("(inference|calibrate-stream|monitor|this JVM \\(broker, registry, load\\)"
                + "|all of them) +(.+?) +(\\d+) +(\\d+) +(\\d+\\.\\d) +(\\d+\\.\\d)");
        List<String> names = List.of("inference", "calibrate-stream", "monitor", "this JVM (broker, registry, load)",
                "all of them");
        double residentSum = 0;
        for (int i = 1; i <= 5; i++) {
            Matcher m = processRow.matcher(lines.get(header + i));
            assertThat(m.matches()).as(lines.get(header + i)).isTrue();
            assertThat(m.group(1)).isEqualTo(names.get(i - 1));
            if (i < 4) {
                assertThat(m.group(2)).contains("-Xmx", "-XX:+UseSerialGC");
            }
            assertThat(Integer.parseInt(m.group(3)) + Integer.parseInt(m.group(4))).as("CPU %").isPositive();
            double end = Double.parseDouble(m.group(5));
            assertThat(end).as("RSS end MB").isPositive();
            assertThat(Double.parseDouble(m.group(6))).as("RSS peak MB").isGreaterThanOrEqualTo(end);
            if (i < 5) {
                residentSum += end;
            } else {
                assertThat(end).as("the sum of the four").isCloseTo(residentSum, org.assertj.core.data.Offset.offset(0.5));
            }
        }
        assertThat(out).contains("counts balance: yes (" + documents + " texts, each calibrated once per variant,"
                        + " read_committed; duplicates 0, unknown documents 0)", "dead letters: none",
                "services stopped on SIGTERM with exit codes [0, 0, 0]");
        assertThat(r.err()).contains("bench pipeline: warm-up: 30 texts through every service",
                "bench pipeline: throughput: " + TEXTS + " texts at once");
    }

    @Test
    void optionsThatCannotMakeARunAreUsageErrors() {
        assertUsageError("--rate must be a number of texts/s > 0, got 0.0", "--rate", "0");
        assertUsageError("--rate must be a number of texts/s > 0, got -2.0", "--rate", "-2");
        assertUsageError("--texts must be >= 0, got -1", "--texts", "-1");
        assertUsageError("--texts 0 skips the throughput phase that --rate defaults to half of: give --rate", "--texts", "0");
        assertUsageError("--duration must be > 0, got 0s", "--duration", "0s");
        assertUsageError("'a minute' is not a duration (examples: 500ms, 90s, 2m)", "--duration", "a minute");
        assertUsageError("--partitions must be >= 1, got 0", "--partitions", "0");
        assertUsageError("--data: cannot read /no/such/file.csv", "--data", "/no/such/file.csv");
        assertUsageError("--threads must be >= 1, got 0", "--threads", "0");
    }

    private static void assertUsageError(String message, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "bench";
        all[1] = "pipeline";
        System.arraycopy(args, 0, all, 2, args.length);
        CliRunner.Result r = CLI.run(all);
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(message);
    }
}
