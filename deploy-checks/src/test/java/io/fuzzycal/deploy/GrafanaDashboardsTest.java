package io.fuzzycal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fuzzycal.testkit.ExternalTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/grafana's dashboards against Grafana's own schema: npm @grafana/schema's {@code Dashboard}
 * type under {@code tsc --strict} (check-dashboards.mjs), and the provisioning that serves them.
 */
class GrafanaDashboardsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private ExternalTool node;

    @BeforeEach
    void tool() throws Exception {
        node = Deploy.node();
    }

    @Test
    void everyDashboardTypeChecks() throws Exception {
        List<String> args = new ArrayList<>(List.of("check-dashboards.mjs", work("all")));
        dashboards().forEach(p -> args.add(p.toString()));
        ExternalTool.Result r = node.run(Deploy.ROOT.resolve("deploy-checks"), "", 300, args).orThrow();
        assertThat(r.output()).contains(dashboards().size() + " dashboard(s) type-check");
    }

    @Test
    void everyDashboardHasAUniqueUidAndUsesTheProvisionedDatasourceVariable() throws Exception {
        List<String> uids = new ArrayList<>();
        for (Path p : dashboards()) {
            JsonNode d = JSON.readTree(p.toFile());
            uids.add(d.path("uid").asText());
            assertThat(d.path("tags").toString()).as("%s is tagged fuzzycal (the dashboards' links)", p).contains("\"fuzzycal\"");
            assertThat(d.path("templating").path("list").get(0).path("type").asText()).isEqualTo("datasource");
        }
        assertThat(uids).doesNotHaveDuplicates().doesNotContain("");
        String provisioned = Files.readString(Deploy.file("deploy/grafana/provisioning/datasources/prometheus.yml"));
        assertThat(provisioned).contains("uid: prometheus", "url: http://prometheus:9090");
    }

    @Test
    void rejectsAnUnknownKey() throws Exception {
        assertRejected("typo", d -> ((ObjectNode) d.path("panels").get(0)).put("titel", "ECE"), "'\"titel\"' does not exist in type");
    }

    @Test
    void rejectsAMissingSchemaVersion() throws Exception {
        assertRejected("no-schema-version", d -> ((ObjectNode) d).remove("schemaVersion"), "Property 'schemaVersion' is missing");
    }

    @Test
    void rejectsAWrongType() throws Exception {
        assertRejected("wrong-type", d -> ((ObjectNode) d.path("panels").get(0).path("gridPos")).put("w", "twelve"),
                "Type 'string' is not assignable to type 'number'");
    }

    private void assertRejected(String name, Consumer<JsonNode> breakIt, String expected) throws Exception {
        JsonNode d = JSON.readTree(dashboards().get(0).toFile());
        breakIt.accept(d);
        Path broken = dir.resolve(name + ".json");
        JSON.writeValue(broken.toFile(), d);
        ExternalTool.Result r = node.run(Deploy.ROOT.resolve("deploy-checks"), "", 300,
                List.of("check-dashboards.mjs", work(name), broken.toString()));
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains(expected);
    }

    /** tsc's work folder: under deploy-checks/, where its node_modules resolve. */
    private static String work(String name) {
        return Deploy.ROOT.resolve("deploy-checks/target/dashboards-ts/" + name).toString();
    }

    static List<Path> dashboards() throws IOException {
        try (Stream<Path> s = Files.list(Deploy.ROOT.resolve("deploy/grafana/dashboards"))) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }
}
