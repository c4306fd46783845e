package io.fuzzycal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceSettingsTest {

    @Test
    void flagsBeatEnvironmentWhichBeatsTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("inference.properties");
        Files.writeString(file, "bootstrap.servers=file:9092\nmax.batch.size=16\ngroup.id=from-file\n"
                + "kafka.security.protocol=SASL_SSL\nkafka.sasl.mechanism=SCRAM-SHA-256\n");
        Map<String, String> env = Map.of("FUZZYCAL_BOOTSTRAP_SERVERS", "env:9092", "FUZZYCAL_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "PATH", "/usr/bin");
        Map<String, String> flags = new HashMap<>();
        flags.put("group.id", "from-flag");
        flags.put("threads", null); // an unset flag does not hide lower layers
        ServiceSettings s = ServiceSettings.load(file, env, flags);
        assertThat(s.get("bootstrap.servers", null)).isEqualTo("env:9092");
        assertThat(s.get("group.id", null)).isEqualTo("from-flag");
        assertThat(s.getInt("max.batch.size", 32)).isEqualTo(16);
        assertThat(s.getInt("threads", 2)).isEqualTo(2);
        assertThat(s.kafka()).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .doesNotContainKey("bootstrap.servers");
    }

    @Test
    void missingAndBadSettingsSayWhereToSetThem() throws IOException {
        ServiceSettings s = ServiceSettings.load(null, Map.of(), Map.of("max.batch.size", "lots"));
        assertThatThrownBy(() -> s.require("bootstrap.servers", "--bootstrap-servers"))
                .hasMessageContaining("--bootstrap-servers").hasMessageContaining("FUZZYCAL_BOOTSTRAP_SERVERS");
        assertThatThrownBy(() -> s.getInt("max.batch.size", 32)).hasMessageContaining("whole number");
    }
}
