package io.fuzzycal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fuzzycal.testkit.ExternalTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/prometheus by promtool: the config, the rules, and the rules' unit tests. */
class PrometheusRulesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** The alerts the deployment promises (issue: ECE, transfer gap, drift, disagreement, refits, lag, DLQ, down). */
    private static final Set<String> ALERTS = Set.of("FuzzycalCalibratedEceHigh", "FuzzycalTransferGapHigh",
            "FuzzycalCalibrationDrift", "FuzzycalPredictionDrift", "FuzzycalFp32Int4Disagreement",
            "FuzzycalRefitsRejectedInARow", "FuzzycalConsumerLag", "FuzzycalDeadLettersGrowing", "FuzzycalServiceDown");

    @TempDir
    Path dir;
    private ExternalTool promtool;
    private Path rules;
    private Path tests;

    @BeforeEach
    void tool() {
        promtool = ExternalTool.require("promtool", "apt-get install prometheus", "--version");
        rules = Deploy.file("deploy/prometheus/rules/fuzzycal-alerts.yml");
        tests = Deploy.file("deploy/prometheus/tests/fuzzycal-alerts.test.yml");
    }

    @Test
    void theConfigAndItsRulesAreValid() throws Exception {
        String out = Deploy.run(promtool, Deploy.ROOT, "check", "config", Deploy.file("deploy/prometheus/prometheus.yml").toString())
                .orThrow().output();
        assertThat(out).contains("SUCCESS").contains("fuzzycal-alerts.yml");
        assertThat(Deploy.run(promtool, Deploy.ROOT, "check", "rules", rules.toString()).orThrow().output())
                .contains("SUCCESS: " + ALERTS.size() + " rules found");
    }

    @Test
    void everyAlertHasForSeverityAndRunbook() throws Exception {
        Set<String> names = new TreeSet<>();
        for (JsonNode g : YAML.readTree(rules.toFile()).path("groups")) {
            for (JsonNode r : g.path("rules")) {
                String name = r.path("alert").asText();
                names.add(name);
                assertThat(r.path("for").asText()).as("%s for:", name).matches("\\d+[smh]");
                assertThat(r.path("labels").path("severity").asText()).as("%s severity", name).isIn("critical", "warning");
                assertThat(r.path("annotations").path("runbook").asText()).as("%s runbook", name).hasSizeGreaterThan(40);
                assertThat(r.path("annotations").path("summary").asText()).as("%s summary", name).isNotBlank();
            }
        }
        assertThat(names).isEqualTo(new TreeSet<>(ALERTS));
    }

    @Test
    void theUnitTestsPassAndCoverEveryAlertFiringAndSilent() throws Exception {
        assertThat(Deploy.run(promtool, Deploy.ROOT, "test", "rules", tests.toString()).orThrow().output()).contains("SUCCESS");
        Set<String> fires = new TreeSet<>();
        Set<String> silent = new TreeSet<>();
        for (JsonNode t : YAML.readTree(tests.toFile()).path("tests")) {
            for (JsonNode a : t.path("alert_rule_test")) {
                (a.path("exp_alerts").isEmpty() ? silent : fires).add(a.path("alertname").asText());
            }
        }
        assertThat(fires).as("alerts tested firing").isEqualTo(new TreeSet<>(ALERTS));
        assertThat(silent).as("alerts tested silent").isEqualTo(new TreeSet<>(ALERTS));
    }

    @Test
    void rejectsRulesThatDoNotParse() throws Exception {
        Path broken = Deploy.brokenCopy(rules, dir.resolve("rules.yml"), "fuzzycal_psi) > 0.25", "fuzzycal_psi) > > 0.25");
        ExternalTool.Result r = Deploy.run(promtool, dir, "check", "rules", broken.toString());
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains("parse error");
    }

    @Test
    void rejectsAConfigWithAnUnknownField() throws Exception {
        Path config = Deploy.file("deploy/prometheus/prometheus.yml");
        Path broken = Deploy.brokenCopy(config, dir.resolve("prometheus.yml"), "  scrape_interval: 15s", "  scrape_intervall: 15s");
        ExternalTool.Result r = Deploy.run(promtool, dir, "check", "config", broken.toString());
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains("field scrape_intervall not found");
    }

    @Test
    void theUnitTestsFailWhenAnAlertStopsFiringOrFiresTooSoon() throws Exception {
        // a threshold raised past the test's series: the alert no longer fires where the test expects it
        Deploy.brokenCopy(rules, dir.resolve("a/rules/fuzzycal-alerts.yml"), "fuzzycal_fp32_int4_disagreement) > 0.1",
                "fuzzycal_fp32_int4_disagreement) > 0.5");
        ExternalTool.Result r = Deploy.run(promtool, Deploy.ROOT, "test", "rules", testsBeside(dir.resolve("a")).toString());
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains("FAILED").contains("alertname: FuzzycalFp32Int4Disagreement");
        // a `for:` shortened: it fires while the test expects silence
        Deploy.brokenCopy(rules, dir.resolve("b/rules/fuzzycal-alerts.yml"), "(fuzzycal_alerts_active) > 0\n        for: 10m",
                "(fuzzycal_alerts_active) > 0\n        for: 1m");
        r = Deploy.run(promtool, Deploy.ROOT, "test", "rules", testsBeside(dir.resolve("b")).toString());
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains("FAILED").contains("alertname: FuzzycalCalibrationDrift");
    }

    /** The unit tests copied to {@code root}/tests, where they read {@code root}/rules (a broken copy). */
    private Path testsBeside(Path root) throws java.io.IOException {
        Path copy = Files.createDirectories(root.resolve("tests")).resolve(tests.getFileName());
        return Files.copy(tests, copy);
    }

    @Test
    void everyExpressionHasABoolFormThatPromtoolAccepts() throws Exception {
        // what DeployPromQlIntegrationTest runs on a live Prometheus, checked here without one
        List<String> lines = new ArrayList<>(List.of("groups:", "  - name: runnable", "    rules:"));
        int i = 0;
        for (var e : io.fuzzycal.testkit.DeployExpressions.all(Deploy.ROOT)) {
            lines.add("      - record: fuzzycal:runnable_" + i++);
            lines.add("        expr: " + YAML.writeValueAsString(e.runnable()).replaceFirst("^---\\s*", "").strip());
        }
        Path file = Files.write(dir.resolve("runnable.yml"), lines);
        assertThat(Deploy.run(promtool, dir, "check", "rules", file.toString()).orThrow().output()).contains("SUCCESS: " + i + " rules");
    }
}
