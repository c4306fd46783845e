package io.fuzzycal.bench;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import io.fuzzycal.model.BundledData;
import io.fuzzycal.model.DefaultModel;
import io.fuzzycal.model.LabelledTexts;
import io.fuzzycal.model.ModelBundle;
import io.fuzzycal.model.ProgressListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** What the benchmarks share: the bundle (the default one built on first use), the texts, stderr progress. */
final class BenchInputs {
    /** The tweets' validation split that the jar carries (see the cli pom). */

    private BenchInputs() {
    }

    static Consumer<String> lines(PrintWriter err) {
        return line -> {
            err.println(line);
            err.flush();
        };
    }

    static ModelBundle bundle(Path bundleDir, Consumer<String> progress) throws IOException {
        return bundleDir != null ? ModelBundle.load(bundleDir)
                : DefaultModel.ensureBuilt(DefaultModel.defaultBundleDir(), ProgressListener.printing(progress, 2000));
    }

    /** The first {@code n} texts of {@code csv} (columns text,label), or of the bundled validation split. */
    static List<String> texts(CommandLine command, Path csv, int numLabels, int n) throws IOException {
        if (n < 1) {
            throw new ParameterException(command, "--texts must be >= 1, got " + n);
        }
        Path file = csv != null ? csv : BundledData.validationSplitCopy();
        try {
            return LabelledTexts.readCsv(file, numLabels).head(n).texts();
        } finally {
            if (csv == null) {
                Files.deleteIfExists(file);
            }
        }
    }

    static String dataName(Path csv) {
        return csv != null ? csv.toString() : BundledData.VALIDATION_SPLIT_NAME;
    }
}
