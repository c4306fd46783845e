package io.fuzzycal.model;

import java.nio.file.Path;
import java.util.Map;

/** Where fuzzycal keeps its local data: {@code $FUZZYCAL_HOME}, else {@code ~/.cache/fuzzycal}. */
public final class FuzzycalHome {
    private FuzzycalHome() {
    }

    /** {@code sub} under the home folder that {@code env} and {@code userHome} give. */
    public static Path resolve(Map<String, String> env, String userHome, String sub) {
        String home = env.get("FUZZYCAL_HOME");
        Path root = home != null && !home.isBlank() ? Path.of(home) : Path.of(userHome, ".cache", "fuzzycal");
        return root.resolve(sub);
    }

    /** {@code sub} under this process's home folder. */
    public static Path resolve(String sub) {
        return resolve(System.getenv(), System.getProperty("user.home"), sub);
    }
}
