package io.fuzzycal.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The default model bundle in the user's cache, built on first use.
 *
 * <p>Location: {@code $FUZZYCAL_HOME/models/default-minilm-tfns} when {@code FUZZYCAL_HOME} is set,
 * else {@code ~/.cache/fuzzycal/models/default-minilm-tfns}; commands take {@code --bundle} to use
 * another. A build writes into a temporary sibling folder and renames it into place, so an
 * interrupted build never leaves a half bundle where a command would load it.
 */
public final class DefaultModel {
    public static final String BUNDLE_NAME = "default-minilm-tfns";
    /** The trained head inside a built bundle, for provenance. */
    public static final String HEAD_FILE = "head.json";
    static final String HEAD_SHA256_FIELD = "head_sha256";
    static final String HEAD_RETRAINED_FIELD = "head_retrained";

    private DefaultModel() {
    }

    /** Where the default bundle lives for this user. */
    public static Path defaultBundleDir() {
        return defaultBundleDir(System.getenv(), System.getProperty("user.home"));
    }

    static Path defaultBundleDir(Map<String, String> env, String userHome) {
        String home = env.get("FUZZYCAL_HOME");
        Path root = home != null && !home.isBlank() ? Path.of(home) : Path.of(userHome, ".cache", "fuzzycal");
        return root.resolve("models").resolve(BUNDLE_NAME);
    }

    /** {@link #ensureBuilt(Path, ModelQuantizer, ProgressListener)} with the installed quantizer. */
    public static ModelBundle ensureBuilt(Path bundleDir, ProgressListener progress) throws IOException {
        if (isUsable(bundleDir)) {
            return ModelBundle.load(bundleDir);
        }
        return ensureBuilt(bundleDir, ModelQuantizer.installed(), progress);
    }

    /**
     * Returns the bundle at {@code bundleDir}, first building it from the committed head when it is
     * missing, incomplete, or was built from an older committed head. A bundle built from a retrained
     * head is kept: the user asked for it.
     */
    public static ModelBundle ensureBuilt(Path bundleDir, ModelQuantizer quantizer, ProgressListener progress)
            throws IOException {
        if (isUsable(bundleDir)) {
            return ModelBundle.load(bundleDir);
        }
        progress.step("building the default model into " + bundleDir + " (first use; takes a few seconds)");
        return build(bundleDir, TrainedHead.committed(), false, quantizer, progress);
    }

    /** Builds the bundle with {@code head} and puts it at {@code bundleDir}, replacing what was there. */
    public static ModelBundle build(Path bundleDir, TrainedHead head, boolean retrained, ModelQuantizer quantizer,
            ProgressListener progress) throws IOException {
        Path target = bundleDir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        Files.createDirectories(parent);
        // a sibling, so the final rename stays on one file system
        Path temp = Files.createTempDirectory(parent, "." + target.getFileName() + ".building-");
        try {
            if (Files.getFileStore(temp).supportsFileAttributeView(PosixFileAttributeView.class)) {
                // temp folders are owner-only; a bundle is read by services that may run as other users
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            DefaultModelBuilder.writeBundle(temp, head, retrained, quantizer, progress);
            ModelBundle.load(temp); // never move an invalid bundle into place
            moveIntoPlace(temp, target);
        } finally {
            deleteRecursively(temp);
        }
        progress.step("default model ready: " + target);
        return ModelBundle.load(target);
    }

    /** A complete bundle built from the current committed head, or from a retrained one. */
    static boolean isUsable(Path bundleDir) throws IOException {
        ModelBundle bundle;
        try {
            bundle = ModelBundle.load(bundleDir);
        } catch (InvalidBundleException e) {
            return false;
        }
        JsonNode config = new ObjectMapper().readTree(bundle.configFile().toFile());
        if (config.path(HEAD_RETRAINED_FIELD).asBoolean(false)) {
            return true;
        }
        String committed = FileDigest.sha256(TrainedHead.committed().toJson());
        return committed.equals(config.path(HEAD_SHA256_FIELD).asText());
    }

    private static void moveIntoPlace(Path built, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".old-");
            Files.delete(old);
            atomicMove(target, old);
        }
        try {
            atomicMove(built, target);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            // another process finished the same build first; its bundle is as good as ours
            if (!isUsable(target)) {
                throw e;
            }
        } finally {
            if (old != null) {
                deleteRecursively(old);
            }
        }
    }

    private static void atomicMove(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
