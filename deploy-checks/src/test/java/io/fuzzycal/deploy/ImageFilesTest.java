package io.fuzzycal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fuzzycal.testkit.ExternalTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the Dockerfile's build needs, checked without a Docker engine (none runs here): the files it
 * copies exist, the stages docker-compose.yml builds exist, and the feed files its build step makes
 * come out right from the real data (FeedFile.java run by this JVM's java, as the build runs it).
 */
class ImageFilesTest {
    private static final Pattern STAGE = Pattern.compile("(?m)^FROM \\S+ AS (\\S+)$");
    private static final Pattern COPY = Pattern.compile("(?m)^COPY (?!--from)(\\S+) ");

    @TempDir
    Path dir;

    @Test
    void theFilesTheDockerfileCopiesExistAndComposeBuildsItsStages() throws Exception {
        String dockerfile = Files.readString(Deploy.file("Dockerfile"));
        List<String> stages = new ArrayList<>();
        for (Matcher m = STAGE.matcher(dockerfile); m.find(); ) {
            stages.add(m.group(1));
        }
        assertThat(stages).containsExactly("build", "feed", "runtime");
        assertThat(missingCopies(dockerfile)).as("files the Dockerfile copies that do not exist").isEmpty();
        assertThat(Deploy.ROOT.resolve("deploy/feed/replay.sh")).isExecutable();
        assertThat(Files.readString(Deploy.file("docker-compose.yml"))).contains("target: feed");
        assertThat(Files.readString(Deploy.file(".dockerignore"))).contains("**/target", "**/node_modules");
    }

    @Test
    void feedFileTurnsTheTweetsIntoOneTextAndOneLabelPerRow() throws Exception {
        ExternalTool java = ExternalTool.require(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "a JDK", "-version");
        Deploy.run(java, Deploy.ROOT, "deploy/feed/FeedFile.java", "data/tfns/valid.csv", dir.toString()).orThrow();
        List<String> texts = Files.readAllLines(dir.resolve("texts.tsv"));
        List<String> labels = Files.readAllLines(dir.resolve("labels.tsv"));
        assertThat(texts).hasSize(2388).hasSameSizeAs(labels);
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < texts.size(); i++) {
            String[] text = texts.get(i).split("\t", 2);
            String[] label = labels.get(i).split("\t", 2);
            assertThat(text[0]).isEqualTo("tfns-" + (i + 1)).isEqualTo(label[0]);
            JsonNode t = json.readTree(text[1]);
            assertThat(t.path("id").asText()).isEqualTo(text[0]);
            assertThat(t.path("text").asText()).isNotBlank();
            assertThat(json.readTree(label[1]).path("label").asInt(-1)).isBetween(0, 2);
        }
        // a quoted field with a comma, as RFC 4180 writes it, survives whole
        assertThat(texts.get(1)).contains("\"text\":\"$DELL $HPE - Dell, HPE targets trimmed on compute headwinds");
    }

    @Test
    void aDockerfileCopyingAMissingFileIsCaught() throws Exception {
        Path broken = Deploy.brokenCopy(Deploy.file("Dockerfile"), dir.resolve("Dockerfile"), "COPY deploy/feed/replay.sh",
                "COPY deploy/feed/replay.bash");
        assertThat(missingCopies(Files.readString(broken))).containsExactly("deploy/feed/replay.bash");
    }

    /** The sources of the Dockerfile's COPY instructions (from the build context) that are not in the repository. */
    private static List<String> missingCopies(String dockerfile) {
        List<String> missing = new ArrayList<>();
        for (Matcher m = COPY.matcher(dockerfile); m.find(); ) {
            if (!m.group(1).equals(".") && !Files.exists(Deploy.ROOT.resolve(m.group(1)))) {
                missing.add(m.group(1));
            }
        }
        return missing;
    }
}
