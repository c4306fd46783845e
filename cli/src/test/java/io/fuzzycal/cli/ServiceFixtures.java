package io.fuzzycal.cli;

import io.fuzzycal.cli.broker.EmbeddedKafkaBroker;
import io.fuzzycal.inference.DefaultModel;
import io.fuzzycal.inference.ModelBundle;
import io.fuzzycal.inference.ModelQuantizer;
import io.fuzzycal.inference.ProgressListener;
import java.io.IOException;
import java.nio.file.Path;

/** What the service integration tests share: the default bundle (built once into target/) and a broker. */
final class ServiceFixtures {
    private ServiceFixtures() {
    }

    /** The default bundle from the committed head, with the real INT4 twin, kept in target/ between runs. */
    static ModelBundle defaultBundle() throws IOException {
        return DefaultModel.ensureBuilt(Path.of("target", "test-bundles", DefaultModel.BUNDLE_NAME),
                ModelQuantizer.installed(), ProgressListener.SILENT);
    }

    /** A plaintext embedded broker on a free port, its data in {@code dir}. */
    static EmbeddedKafkaBroker broker(Path dir) throws Exception {
        return EmbeddedKafkaBroker.builder().dataDir(dir.resolve("kafka")).port(0).start();
    }
}
