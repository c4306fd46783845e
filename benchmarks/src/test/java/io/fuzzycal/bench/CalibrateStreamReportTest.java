package io.fuzzycal.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.bench.CalibrateStreamPlan.Shape;
import io.fuzzycal.bench.ServiceAloneRun.Labelling;
import io.fuzzycal.bench.ServiceAloneRun.Memory;
import io.fuzzycal.bench.ServiceAloneRun.ServiceRun;
import io.fuzzycal.bench.StreamPasses.Pass;
import io.fuzzycal.calibration.FittedCalibrator;
import io.fuzzycal.schemas.avro.Variant;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report from given figures, no broker: each figure lands where the integration test and docs expect it. */
class CalibrateStreamReportTest {
    private static final FittedCalibrator FUZZY = SyntheticPredictions.fitInitial(43);
    private static final Map<Variant, double[]> LATENCY = Map.of(Variant.FP32, new double[] {3.2, 11.4},
            Variant.INT4, new double[] {2.9, 10.1});
    private static final ServiceRun ALONE = new ServiceRun(new Labelling(2000, 4.0, 200, 200, 3),
            List.of(new Memory(150 * 1024, 20L << 20, 64L << 20), new Memory(200 * 1024, 40L << 20, 96L << 20),
                    new Memory(210 * 1024, 50L << 20, 128L << 20)), 192L << 20);

    @Test
    void rowsPerPassTheBestPassOfEachAndTheServiceAlone() {
        CalibrateStreamPlan plan = new CalibrateStreamPlan(20000, 200, 2000, 2, Map.of(), "-Xmx192m");
        List<Pass> passes = List.of(
                new Pass(new Measured(20000, 15000, 1.5, 2.0), new Measured(20000, 12000, 2.0, 3.0), LATENCY, 100),
                new Pass(new Measured(20000, 16000, 1.0, 1.0), new Measured(20000, 14000, 2.0, 1.5), LATENCY, 100));
        String out = print(plan, passes);
        assertThat(out).contains("20000 predictions (10000 documents x FP32 + INT4, 3 classes, over-confident),"
                        + " a topic of 3 partitions on an embedded broker in this JVM; calibrator: fuzzy (version 0)")
                .contains("both apps: exactly_once_v2, commit interval 100 ms, 1 stream thread, fresh application id"
                        + " per pass; output counted committed (read_committed)")
                .containsPattern("(?m)^relay \\(byte\\[\\] copy\\) +1 +20000 +15000 +1\\.50 +10000\\.0 +100\\.0 +- +- +2\\.00$")
                .containsPattern("(?m)^calibration stream +1 +20000 +12000 +2\\.00 +6000\\.0 +60\\.0 +3\\.2/11\\.4 +2\\.9/10\\.1 +3\\.00$")
                .containsPattern("(?m)^calibration stream +2 +20000 +14000 +2\\.00 +7000\\.0 +43\\.8 ")
                .contains("calibration >= 60% of relay (best pass of each, 7000.0 / 16000.0 records/s): 43.8% (NOT met)")
                .contains("the service alone: fuzzycal calibrate-stream in a JVM of its own (-Xmx192m; max heap 192.0 MB),"
                        + " the broker in this one; the same 20000 predictions, then labels")
                .contains("labels: 2000 JSON labels over 2000 documents, 2000 matched in 4.00 s (500.0 labels/s)")
                .contains("refit window entries (gauge fuzzycal.calibration.window.size, model bench-overconfident):"
                        + " 200 at the end, at most 200 in 3 samples while labelling; configured 200")
                .containsPattern("(?m)^started +150\\.0 +20\\.0 +64\\.0$")
                .containsPattern("(?m)^calibrated 20000 predictions +200\\.0 +40\\.0 +96\\.0$")
                .containsPattern("(?m)^window full \\(200\\) +210\\.0 +50\\.0 +128\\.0$")
                .contains("service resident memory with a full window < 500 MB: 210.0 MB (met)");
    }

    @Test
    void passesTooShortToTimeAreNotMeasuredAndKafkaPropertiesAreNamedInOrder() {
        CalibrateStreamPlan plan = new CalibrateStreamPlan(200, 2, 100, 1,
                Map.of("linger.ms", "5", "commit.interval.ms", "1000"), "");
        Measured oneBatch = new Measured(200, 0, 0, 1.0);
        String out = print(plan, List.of(new Pass(oneBatch, oneBatch, LATENCY, 1000)));
        assertThat(out).contains("commit interval 1000 ms, 1 stream thread, fresh application id per pass,"
                        + " {commit.interval.ms=1000, linger.ms=5}; output counted committed")
                .containsPattern("(?m)^relay \\(byte\\[\\] copy\\) +1 +200 +0 +0\\.00 +- +100\\.0 ")
                .contains("calibration >= 60% of relay: not measured (too few --predictions to time)")
                .contains("(the JVM's default options; max heap 192.0 MB)")
                .contains("labels: 100 JSON labels over 100 documents");
    }

    @Test
    void severalShapesGetARowEachWithTheBestPassOfEachAppAndNoServiceAloneWhenLeftOut() {
        Shape one = new Shape(1, 1);
        Shape two = new Shape(6, 2);
        CalibrateStreamPlan plan = new CalibrateStreamPlan(20000, 200, 2000, 2, Map.of(), "", List.of(one, two), false);
        List<Pass> passes = List.of(
                new Pass(new Measured(20000, 15000, 1.5, 2.0), new Measured(20000, 12000, 2.0, 3.0), LATENCY, 100, one, 1),
                new Pass(new Measured(20000, 16000, 1.0, 1.0), new Measured(20000, 14000, 2.0, 1.5), LATENCY, 100, two, 0.5),
                new Pass(new Measured(20000, 15000, 1.0, 2.0), new Measured(20000, 12000, 3.0, 3.0), LATENCY, 100, one, 1),
                new Pass(new Measured(20000, 10000, 1.0, 1.0), new Measured(20000, 18000, 2.0, 1.5), LATENCY, 100, two,
                        0.55));
        StringWriter text = new StringWriter();
        CalibrateStreamReport.print(new PrintWriter(text), plan, FUZZY, passes, null);
        assertThat(text.toString()).contains("a topic of 1, 6 partitions on an embedded broker")
                .containsPattern("(?m)^calibration stream +2 \\(6p x 2i\\) +20000 +14000 +2\\.00 +7000\\.0 +43\\.8 ")
                .contains("by shape (best pass of each app, 2 per shape, taken in rounds;")
                // best relay 15000/s against best calibration 6000/s; 16000/s against 9000/s
                .containsPattern("(?m)^1 +1 +15000\\.0 +6000\\.0 +40\\.0 +1\\.00$")
                .containsPattern("(?m)^6 +2 +16000\\.0 +9000\\.0 +56\\.3 +0\\.55$")
                .doesNotContain("the service alone");
    }

    private static String print(CalibrateStreamPlan plan, List<Pass> passes) {
        StringWriter text = new StringWriter();
        CalibrateStreamReport.print(new PrintWriter(text), plan, FUZZY, passes, ALONE);
        return text.toString();
    }
}
