package io.fuzzycal.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelledTextsTest {

    @Test
    void readsTheValidationSplit() throws IOException {
        LabelledTexts valid = LabelledTexts.readCsv(TestBundles.tfnsData().resolve("valid.csv"), 3);
        assertThat(valid.size()).isEqualTo(2388);
        int[] counts = new int[3];
        Arrays.stream(valid.labels()).forEach(y -> counts[y]++);
        assertThat(counts).containsExactly(347, 475, 1566); // as data/tfns/README.md states
        assertThat(valid.texts()).anyMatch(t -> t.contains("\n")); // quoted line breaks survive
    }

    @Test
    void readsTheDomainShiftScenario() throws IOException {
        Path finentity = TestBundles.tfnsData().resolveSibling("finentity");
        LabelledTexts news = LabelledTexts.readCsv(finentity.resolve("finentity.csv"), 3);
        int[] counts = new int[3];
        Arrays.stream(news.labels()).forEach(y -> counts[y]++);
        assertThat(counts).containsExactly(180, 181, 490); // as data/finentity/README.md states
        assertThat(Files.readString(finentity.resolve("README.md"))).contains("ODC-BY").contains("derive.py");
        // another source than the training tweets: no text in common with them
        java.util.Set<String> tweets = new java.util.HashSet<>(
                LabelledTexts.readCsv(TestBundles.tfnsData().resolve("train.csv"), 3).texts());
        assertThat(news.texts()).noneMatch(tweets::contains);
    }

    @Test
    void namesTheBadRecord(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "text,label\r\n\"fine\",1\r\n\"multi\r\nline\",7\r\n");
        assertThatThrownBy(() -> LabelledTexts.readCsv(csv, 3)).hasMessageContaining("record 2")
                .hasMessageContaining("label 7 is out of range 0..2");
        Files.writeString(csv, "sentence,label\r\nx,1\r\n");
        assertThatThrownBy(() -> LabelledTexts.readCsv(csv, 3)).hasMessageContaining("expected a header with columns text,label");
        assertThatThrownBy(() -> LabelledTexts.readCsv(dir.resolve("none.csv"), 3)).hasMessageStartingWith("data file not found");
    }
}
