package io.fuzzycal.cli.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerCommandTest {
    @Test
    void theDefaultDataDirFollowsFuzzycalHome() {
        assertThat(BrokerCommand.defaultDataDir(Map.of(), "/home/ada")).isEqualTo(Path.of("/home/ada/.cache/fuzzycal/broker"));
        assertThat(BrokerCommand.defaultDataDir(Map.of("FUZZYCAL_HOME", "/srv/fc"), "/home/ada"))
                .isEqualTo(Path.of("/srv/fc/broker"));
    }
}
