package io.fuzzycal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fuzzycal.testkit.ExternalTool;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker-compose.yml, by Debian's docker-compose (no Docker engine needed for `config`). */
class ComposeFileTest {
    @TempDir
    Path dir;
    private ExternalTool compose;
    private Path file;

    @BeforeEach
    void tool() {
        compose = ExternalTool.require("docker-compose", "apt-get install docker-compose", "version");
        file = Deploy.file("docker-compose.yml");
    }

    @Test
    void isValidWithAndWithoutTheClusterProfile() throws Exception {
        Deploy.run(compose, Deploy.ROOT, "-f", file.toString(), "config", "-q").orThrow();
        String services = Deploy.run(compose, Deploy.ROOT, "-f", file.toString(), "--profile", "cluster", "config", "--services")
                .orThrow().stdout();
        assertThat(services.lines()).contains("kafka", "kafka-2", "kafka-3", "schema-registry", "inference", "calibrate-stream",
                "monitor", "feed", "prometheus", "alertmanager", "grafana");
    }

    @Test
    void everyLongRunningServiceHasAHealthCheckAndWaitsForHealthyDependencies() throws Exception {
        String resolved = Deploy.run(compose, Deploy.ROOT, "-f", file.toString(), "--profile", "cluster", "config").orThrow().stdout();
        JsonNode services = new ObjectMapper(new YAMLFactory()).readTree(resolved).path("services");
        for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> s = it.next();
            if (!s.getKey().equals("feed")) { // a job that ends, not a server
                assertThat(s.getValue().has("healthcheck")).as("%s has a health check", s.getKey()).isTrue();
            }
            for (JsonNode dependency : s.getValue().path("depends_on")) {
                assertThat(dependency.path("condition").asText()).as("%s waits for a healthy dependency", s.getKey())
                        .isEqualTo("service_healthy");
            }
        }
    }

    @Test
    void rejectsAMisspelledOption() throws Exception {
        Path broken = Deploy.brokenCopy(file, dir.resolve("docker-compose.yml"), "    healthcheck: *kafka-health", "    helthcheck: *kafka-health");
        ExternalTool.Result r = Deploy.run(compose, Deploy.ROOT, "-f", broken.toString(), "--project-directory", Deploy.ROOT.toString(), "config", "-q");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains("Unsupported config option for services.kafka: 'helthcheck'");
    }

    @Test
    void rejectsADependencyOnAnUndefinedService() throws Exception {
        Path broken = Deploy.brokenCopy(file, dir.resolve("docker-compose.yml"), "    schema-registry:\n      condition: service_healthy",
                "    schema-registy:\n      condition: service_healthy");
        ExternalTool.Result r = Deploy.run(compose, Deploy.ROOT, "-f", broken.toString(), "--project-directory", Deploy.ROOT.toString(), "config", "-q");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains("'schema-registy' which is undefined");
    }
}
