package io.fuzzycal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.model.TestBundles;
import io.fuzzycal.schemas.Topics;
import io.fuzzycal.schemas.avro.Variant;
import io.fuzzycal.schemas.registry.SchemaRegistry;
import io.fuzzycal.testkit.KafkaCluster;
import io.fuzzycal.testkit.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline under faults, as it is deployed: {@code fuzzycal inference}, {@code calibrate-stream}
 * and {@code monitor} as child processes on one broker, fed labelled tweets at a steady rate with 1%
 * malformed records in every topic they read. Mid-stream, in turn: SIGKILL of the inference service,
 * of the calibration stream and of the monitor, each restarted at once; then the broker stops for 20 s
 * and starts again. One run covers every fault (a pipeline per fault would cost minutes each), so
 * the checks at the end hold after all of them together:
 * <ul>
 *   <li>read_committed, every good text has exactly one prediction and one calibrated record per
 *   variant: nothing lost, nothing duplicated;</li>
 *   <li>every malformed record is in its topic's dead-letter topic, once per service that reads the
 *   topic, with a reason and a message, and no good record is;</li>
 *   <li>the monitor's count window holds exactly the labelled predictions (one per label and variant),
 *   on calibration.metrics and on its /metrics. The count window is the exact one: it takes every
 *   labelled prediction in arrival order, and its state is changelogged under exactly-once, so a kill
 *   neither loses nor repeats one. The (tumbling) time windows are only checked never to count a label
 *   twice: a label that reaches the window step after its window closed is counted as late, by design,
 *   and a restart or an outage delays labels by more than a short window.</li>
 *   <li>every service rode the broker outage out (none exited), and each stops cleanly (exit 0).</li>
 * </ul>
 */
class PipelineFaultsIntegrationTest {
    private static final int DOCUMENTS = 300;
    private static final double TEXTS_PER_SECOND = 3.5;
    private static final Duration OUTAGE = Duration.ofSeconds(20);
    private static final Duration READY = Duration.ofMinutes(2);
    private static final int PARTITIONS = 3;

    @TempDir
    static Path dir;
    @RegisterExtension
    static final KafkaCluster KAFKA = new KafkaCluster().withHttpRegistry();

    @Test
    void killsAndABrokerOutageLoseAndRepeatNothing() throws Exception {
        long t0 = System.nanoTime();
        Map<String, Object> client = KAFKA.clientProperties();
        PipelineTraffic.createTopics(client, PARTITIONS);
        List<String> common = List.of("--bootstrap-servers", KAFKA.bootstrapServers(), "--schema-registry",
                KAFKA.registryUrl(), "--metrics-port", "0", "--partitions", Integer.toString(PARTITIONS));
        List<ServiceProcess> services = new ArrayList<>();
        try (PipelineTraffic traffic = new PipelineTraffic(client,
                SchemaRegistry.fromConfig(Map.of("schema.registry.url", KAFKA.registryUrl())), DOCUMENTS, true)) {
            ServiceProcess inference = PipelineTraffic.startService(PipelineFaultsIntegrationTest.class, services, "inference", "-Xmx512m", common, "inference",
                    "--bundle", TestBundles.defaultBundle().directory().toString(), "--threads", "1",
                    "--max-batch-size", "8", "--max-wait-ms", "20", "--group-id", "faults-inference",
                    "--instance-id", "a");
            ServiceProcess calibration = PipelineTraffic.startService(PipelineFaultsIntegrationTest.class, services, "calibrate-stream", "-Xmx256m", common, "calibrate-stream",
                    "--state-dir", dir.resolve("calibration-state").toString(), "--instance-id", "a",
                    "--application-id", "faults-calibration", "--refit-every-labels", "100", "--label-delay", "1h");
            ServiceProcess monitor = PipelineTraffic.startService(PipelineFaultsIntegrationTest.class, services, "monitor", "-Xmx384m", common, "monitor",
                    "--state-dir", dir.resolve("monitor-state").toString(), "--instance-id", "a",
                    "--application-id", "faults-monitor", "--count-window", "100000", "--window-size", "2s",
                    "--window-advance", "2s", "--label-delay", "1h");
            for (ServiceProcess s : services) {
                s.awaitReady(READY);
            }
            phase(t0, "three services ready");

            traffic.startLabelling(Duration.ofSeconds(1));
            traffic.startFeeding(TEXTS_PER_SECOND);
            double[] at = {0.10, 0.20, 0.30, 0.45};
            int fault = 0;
            for (ServiceProcess victim : List.of(inference, calibration, monitor)) {
                awaitFed(traffic, at[fault++]);
                victim.kill9();
                phase(t0, "killed " + victim.name() + " (SIGKILL) at " + traffic.fed() + " texts fed");
                victim.restart().awaitReady(READY);
                phase(t0, victim.name() + " ready again");
            }
            awaitFed(traffic, at[fault]);
            assertThat(traffic.fedAll()).as("the broker goes down under load").isFalse();
            KAFKA.stopBroker();
            phase(t0, "broker stopped at " + traffic.fed() + " texts fed");
            Thread.sleep(OUTAGE.toMillis());
            KAFKA.startBroker();
            phase(t0, "broker started again");
            for (ServiceProcess s : services) {
                assertThat(s.isAlive()).as("%s rode out the outage:%n%s", s.name(), s.output()).isTrue();
            }

            traffic.await("every text fed", Duration.ofMinutes(2), traffic::fedAll, () -> traffic.fed() + " fed");
            traffic.await("every text calibrated", Duration.ofMinutes(3),
                    () -> traffic.committedByKey(Topics.CALIBRATED).keySet().containsAll(traffic.texts()),
                    () -> traffic.committedByKey(Topics.CALIBRATED).size() + " documents calibrated");
            traffic.await("every document labelled", Duration.ofMinutes(2),
                    () -> traffic.labelled() == DOCUMENTS, () -> traffic.labelled() + " labelled");
            phase(t0, "every text calibrated and labelled");

            traffic.assertPredictionsExactlyOnce();
            traffic.assertCalibratedExactlyOnce();
            phase(t0, "exactly once checked");

            // the count window is published when a time window closes: ticks move the monitor's stream time on
            traffic.await("the monitor's count window to hold every label", Duration.ofMinutes(2), () -> {
                traffic.tick();
                return traffic.monitorCountWindows().equals(PipelineTraffic.everySeries(DOCUMENTS));
            }, () -> "count windows " + traffic.monitorCountWindows() + ", expected " + DOCUMENTS + " each");
            String scrape = monitor.scrape();
            for (Variant v : Variant.values()) {
                for (String stage : List.of("RAW", "CALIBRATED")) {
                    assertThat(ServiceProcess.sum(scrape, "fuzzycal_calibration_labelled", "variant=\"" + v + "\"",
                            "stage=\"" + stage + "\"", "window=\"count\"")).as("/metrics count window %s %s", v, stage)
                            .isEqualTo(DOCUMENTS);
                }
            }
            Map<Variant, Long> timeWindows = traffic.monitorTimeWindowTotals();
            assertThat(timeWindows.values()).as("time windows count no label twice: %s", timeWindows)
                    .allMatch(n -> n <= DOCUMENTS);
            phase(t0, "monitor counts checked (time windows, late labels left out: " + timeWindows + ")");

            // the ticks' own predictions, then every dead letter
            traffic.await("the ticks calibrated", Duration.ofMinutes(1),
                    () -> traffic.committedByKey(Topics.CALIBRATED).keySet().containsAll(traffic.texts()), () -> "");
            traffic.assertPredictionsExactlyOnce();
            traffic.assertCalibratedExactlyOnce();
            eventually(() -> traffic.assertDeadLetters(Topics.NEWS_TEXT, "inference"));
            eventually(() -> traffic.assertDeadLetters(Topics.PREDICTIONS, "calibration-stream"));
            eventually(() -> traffic.assertDeadLetters(Topics.CALIBRATED, "monitor"));
            eventually(() -> traffic.assertDeadLetters(Topics.FEEDBACK, "calibration-stream", "monitor"));
            eventually(() -> traffic.assertDeadLetters(Topics.CALIBRATION_MODELS, "monitor"));
            phase(t0, "dead letters checked");

            for (ServiceProcess s : services) {
                assertThat(s.stop()).as("%s exits cleanly on SIGTERM:%n%s", s.name(), s.output()).isZero();
            }
            phase(t0, "stopped");
        } finally {
            services.forEach(ServiceProcess::close);
        }
    }


    private static void awaitFed(PipelineTraffic traffic, double share) throws InterruptedException {
        traffic.await(share + " of the texts fed", Duration.ofMinutes(2),
                () -> traffic.fed() >= share * traffic.documents(), () -> traffic.fed() + " fed");
    }

    /** Retries {@code check} for up to a minute: the services may still be committing what it reads. */
    static void eventually(Runnable check) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            try {
                check.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    /** Where the services' logs stay after the test, for a failure to be read: target/service-logs/<test class>. */

    static void phase(long t0, String what) {
        System.out.printf("[%6.1f s] %s%n", (System.nanoTime() - t0) / 1e9, what);
    }
}
