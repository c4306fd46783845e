package io.fuzzycal.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Shared fixtures of every module that runs the model (published as this module's test jar): the
 * repository's tweets data, one default bundle per test JVM, and an over-confident twin of it.
 */
public final class TestBundles {

    private static ModelBundle bundle;

    private TestBundles() {
    }

    /**
     * The default bundle built from the committed head into {@code target/test-bundles}, kept between
     * runs ({@link DefaultModel#ensureBuilt} rebuilds it when the committed head changes).
     */
    public static synchronized ModelBundle defaultBundle() {
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
    public static Path tfnsData() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("data").resolve("tfns");
            if (Files.isRegularFile(candidate.resolve("train.csv"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("data/tfns/train.csv not found above " + Path.of("").toAbsolutePath());
    }

    /**
     * The default bundle with its logits tripled: the same encoder and data, but a model that is
     * clearly over-confident, as fine-tuned transformers usually are, so that calibration has error
     * to remove (the default head is already close to calibrated). With its real INT4 twin.
     */
    public static ModelBundle overconfidentBundle(Path dir) throws IOException {
        TrainedHead committed = TrainedHead.committed();
        double[][] w = committed.head().weights();
        double[] b = committed.head().bias();
        for (int k = 0; k < b.length; k++) {
            b[k] *= 3;
            for (int j = 0; j < w[k].length; j++) {
                w[k][j] *= 3;
            }
        }
        TrainedHead sharp = new TrainedHead(committed.modelId(), committed.labels(), new LinearHead(w, b), committed.facts());
        return DefaultModel.build(dir, sharp, true, ModelQuantizer.installed(), ProgressListener.SILENT);
    }
}
