package io.fuzzycal.inference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Shared fixtures: the repository's tweets data and one default bundle per test JVM. */
final class TestBundles {

    private static ModelBundle bundle;

    private TestBundles() {
    }

    /**
     * The default bundle built from the committed head into {@code target/test-bundles}, kept between
     * runs ({@link DefaultModel#ensureBuilt} rebuilds it when the committed head changes).
     */
    static synchronized ModelBundle defaultBundle() {
        if (bundle == null) {
            try {
                Path dir = Path.of("target", "test-bundles", DefaultModel.BUNDLE_NAME);
                bundle = DefaultModel.ensureBuilt(dir, ModelQuantizer.installed(), ProgressListener.SILENT);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return bundle;
    }

    /** The repository's {@code data/tfns}, found by walking up from the working directory. */
    static Path tfnsData() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("data").resolve("tfns");
            if (Files.isRegularFile(candidate.resolve("train.csv"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("data/tfns/train.csv not found above " + Path.of("").toAbsolutePath());
    }
}
