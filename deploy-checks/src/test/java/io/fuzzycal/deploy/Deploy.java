package io.fuzzycal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fuzzycal.testkit.DeployExpressions;
import io.fuzzycal.testkit.ExternalTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The repository's deployment files, broken copies of them, and running the checking tools on them. */
final class Deploy {
    static final Path ROOT = DeployExpressions.repositoryRoot();

    private Deploy() {
    }

    static Path file(String relative) {
        Path p = ROOT.resolve(relative);
        assertThat(p).isRegularFile();
        return p;
    }

    /**
     * A copy of {@code original} at {@code copy} with {@code find} replaced by {@code replace}: a check's
     * failing input. Fails when {@code find} is not in the file, so a mutation cannot silently miss.
     */
    static Path brokenCopy(Path original, Path copy, String find, String replace) throws IOException {
        String text = Files.readString(original);
        assertThat(text).as("%s holds the text to break", original).contains(find);
        Files.createDirectories(copy.getParent());
        return Files.writeString(copy, text.replace(find, replace));
    }

    /** Runs {@code tool} in {@code dir}; its result, whatever the exit code. */
    static ExternalTool.Result run(ExternalTool tool, Path dir, String... args) throws IOException, InterruptedException {
        return tool.run(dir, "", 300, List.of(args));
    }

    /** node with this module's npm packages installed ({@code npm ci} from the committed lock file when missing). */
    static ExternalTool node() throws IOException, InterruptedException {
        ExternalTool node = ExternalTool.require("node", "apt-get install nodejs npm", "--version");
        Path module = ROOT.resolve("deploy-checks");
        Path lock = module.resolve("package-lock.json");
        Path installed = module.resolve("node_modules/.package-lock.json");
        if (!Files.exists(installed) || Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lock)) < 0) {
            ExternalTool npm = ExternalTool.require("npm", "apt-get install nodejs npm", "--version");
            run(npm, module, "ci", "--no-audit", "--no-fund").orThrow();
        }
        return node;
    }
}
