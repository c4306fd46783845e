package io.fuzzycal.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchDirectoryTest {
    @TempDir
    Path temp;

    @Test
    void closingDeletesTheFolderWithEverythingBelowIt() throws Exception {
        Path path;
        try (ScratchDirectory dir = ScratchDirectory.create("fuzzycal-scratch-test")) {
            path = dir.path();
            Files.createDirectories(dir.resolve("kafka/partition-0"));
            Files.writeString(dir.resolve("kafka/partition-0/00000.log"), "records");
            Files.writeString(dir.resolve("service.log"), "started");
        }
        assertThat(path).doesNotExist();
    }

    @Test
    void aLinkIsDeletedNotWhatItPointsTo() throws Exception {
        Path outside = Files.writeString(temp.resolve("keep.txt"), "kept");
        Path dir = Files.createDirectory(temp.resolve("scratch"));
        Files.createSymbolicLink(dir.resolve("link"), outside);
        ScratchDirectory.delete(dir);
        assertThat(dir).doesNotExist();
        assertThat(outside).hasContent("kept");
    }

    @Test
    void nullOrMissingIsNothingToDelete() throws Exception {
        ScratchDirectory.delete(null);
        ScratchDirectory.delete(temp.resolve("never-made"));
        assertThat(temp).exists();
    }
}
