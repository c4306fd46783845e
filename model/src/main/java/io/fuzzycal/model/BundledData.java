package io.fuzzycal.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The tweets' validation split that travels inside the jar, for commands run outside the repository. */
public final class BundledData {
    /** How reports name it. */
    public static final String VALIDATION_SPLIT_NAME = "the financial tweets' validation split (data/tfns/valid.csv)";
    private static final String VALIDATION_SPLIT = "/io/fuzzycal/model/data/tfns/valid.csv";

    private BundledData() {
    }

    /** A temporary copy of the split (CSV readers take paths); the caller may delete it, else it goes at exit. */
    public static Path validationSplitCopy() throws IOException {
        try (InputStream in = BundledData.class.getResourceAsStream(VALIDATION_SPLIT)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks its copy of " + VALIDATION_SPLIT);
            }
            Path tmp = Files.createTempFile("fuzzycal-tfns-valid", ".csv");
            tmp.toFile().deleteOnExit();
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return tmp;
        }
    }
}
