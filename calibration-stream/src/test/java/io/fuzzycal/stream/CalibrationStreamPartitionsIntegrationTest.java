package io.fuzzycal.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fuzzycal.schemas.ClusterUnavailableException;
import io.fuzzycal.testkit.KafkaCluster;
import io.fuzzycal.testkit.TestClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The partition count of the calibration stream's config is used or refused, never silently replaced. */
class CalibrationStreamPartitionsIntegrationTest {
    @RegisterExtension
    static final KafkaCluster KAFKA = new KafkaCluster();

    @Test
    void aCountOtherThanThePredictionsTopicsIsRefused() throws Exception {
        TestClients.createTopic(KAFKA.clientProperties(), "refused.predictions", 3);
        CalibrationStreamConfig config = config("refused").withPartitions(2);
        assertThatThrownBy(() -> CalibrationStreamService.start(settings("refused"), config,
                KafkaCluster.newRegistryScope().registry(), new SimpleMeterRegistry()))
                .isInstanceOf(ClusterUnavailableException.class)
                .hasMessage("topic refused.predictions has 3 partitions but the calibration stream is configured for 2;"
                        + " the two must agree");
    }

    @Test
    void askedToFollowThePredictionsTopicItRunsOnItsCount() throws Exception {
        TestClients.createTopic(KAFKA.clientProperties(), "follows.predictions", 3);
        CalibrationStreamConfig config = config("follows").withPartitions(CalibrationStreamConfig.PREDICTIONS_TOPIC_PARTITIONS);
        try (CalibrationStreamService service = CalibrationStreamService.start(settings("follows"), config,
                KafkaCluster.newRegistryScope().registry(), new SimpleMeterRegistry())) {
            assertThat(service.awaitRunning(Duration.ofSeconds(90))).as("running").isTrue();
        }
    }

    private static CalibrationStreamConfig config(String prefix) {
        CalibrationStreamConfig defaults = CalibrationStreamConfig.defaults(1);
        return new CalibrationStreamConfig(prefix + ".predictions", prefix + ".feedback", prefix + ".calibrated",
                prefix + ".models", defaults.labelDelay(), defaults.labelGrace(), defaults.partitions(), defaults.policy(),
                defaults.initialCalibrator());
    }

    private static CalibrationStreamService.Settings settings(String prefix) throws Exception {
        return new CalibrationStreamService.Settings(KAFKA.bootstrapServers(), Map.of(), prefix + "-calibration",
                KAFKA.stateDir(prefix), 1, (short) 1, 1, prefix + "-0");
    }
}
