package io.fuzzycal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.testkit.ExternalTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/k8s: rendered by {@code kubectl kustomize} (offline), every object then validated against the
 * Kubernetes API types of npm kubernetes-models (check-k8s.mjs: schemas and TypeScript types).
 */
class KubernetesManifestsTest {
    @TempDir
    Path dir;
    private ExternalTool kubectl;
    private ExternalTool node;

    @BeforeEach
    void tools() throws Exception {
        kubectl = ExternalTool.require("kubectl", "apt-get install kubernetes-client", "version", "--client");
        node = Deploy.node();
    }

    @Test
    void theBaseAndTheExampleOverlayRenderAndValidate() throws Exception {
        for (String kustomization : List.of("deploy/k8s/base", "deploy/k8s/overlays/example")) {
            Path rendered = render(kustomization, Deploy.ROOT.resolve(kustomization));
            ExternalTool.Result r = validate(kustomization.replace('/', '_'), rendered).orThrow();
            assertThat(r.output()).containsPattern("\\d+ object\\(s\\) valid against the Kubernetes API types");
        }
    }

    @Test
    void theOverlayHasWhatTheServicesNeed() throws Exception {
        String yaml = Files.readString(render("overlay", Deploy.ROOT.resolve("deploy/k8s/overlays/example")));
        assertThat(yaml).contains("kind: StatefulSet", "kind: PodDisruptionBudget", "volumeClaimTemplates:", "readinessProbe:",
                "livenessProbe:", "path: /health/ready", "prometheus.io/scrape: \"true\"", "FUZZYCAL_KAFKA_SASL_MECHANISM: SCRAM-SHA-512",
                "name: fuzzycal-kafka-credentials", "image: registry.example.com/fuzzycal:0.1.0", "runAsNonRoot: true");
    }

    @Test
    void aTypoInAFieldNameIsCaught() throws Exception {
        Path rendered = render("overlay", Deploy.ROOT.resolve("deploy/k8s/overlays/example"));
        Path broken = Deploy.brokenCopy(rendered, dir.resolve("typo.yaml"), "readinessProbe:", "readinesProbe:");
        ExternalTool.Result r = validate("typo", broken);
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains("'\"readinesProbe\"' does not exist in type 'IContainer'");
    }

    @Test
    void aWrongTypeAndAMissingRequiredFieldAreCaught() throws Exception {
        Path rendered = render("overlay", Deploy.ROOT.resolve("deploy/k8s/overlays/example"));
        Path wrongType = Deploy.brokenCopy(rendered, dir.resolve("type.yaml"), "containerPort: 9464", "containerPort: nine");
        ExternalTool.Result r = validate("type", wrongType);
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains("containerPort must be integer");
        Path noSelector = Deploy.brokenCopy(rendered, dir.resolve("selector.yaml"), "  selector:\n    matchLabels:", "  selectr:\n    matchLabels:");
        r = validate("selector", noSelector);
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains("StatefulSet inference: /spec must have required property selector");
    }

    @Test
    void aKustomizationNamingAMissingResourceDoesNotRender() throws Exception {
        Path base = Deploy.ROOT.resolve("deploy/k8s/base");
        Path copy = dir.resolve("base");
        Files.createDirectories(copy);
        try (var files = Files.list(base)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        Deploy.brokenCopy(base.resolve("kustomization.yaml"), copy.resolve("kustomization.yaml"), "  - monitor.yaml", "  - monitr.yaml");
        ExternalTool.Result r = Deploy.run(kubectl, Deploy.ROOT, "kustomize", copy.toString());
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains("monitr.yaml");
    }

    private Path render(String name, Path kustomization) throws Exception {
        ExternalTool.Result r = Deploy.run(kubectl, Deploy.ROOT, "kustomize", kustomization.toString()).orThrow();
        return Files.writeString(dir.resolve(name.replace('/', '_') + ".yaml"), r.stdout()); // stderr: deprecation warnings
    }

    private ExternalTool.Result validate(String name, Path manifests) throws Exception {
        return node.run(Deploy.ROOT.resolve("deploy-checks"), "", 300,
                List.of("check-k8s.mjs", Deploy.ROOT.resolve("deploy-checks/target/k8s-ts/" + name).toString(), manifests.toString()));
    }
}
