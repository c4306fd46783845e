package io.fuzzycal.model;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Texts with integer class labels, read from a CSV with a {@code text,label} header (the layout of the
 * tweets data in {@code data/tfns}). A real CSV parser, since texts hold quoted line breaks.
 */
public record LabelledTexts(List<String> texts, int[] labels) {

    public LabelledTexts {
        texts = List.copyOf(texts);
        labels = labels.clone();
        if (texts.size() != labels.length) {
            throw new IllegalArgumentException(texts.size() + " texts but " + labels.length + " labels");
        }
    }

    /**
     * @param numLabels labels must lie in {@code 0..numLabels-1}
     */
    public static LabelledTexts readCsv(Path file, int numLabels) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("data file not found: " + file.toAbsolutePath());
        }
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
        List<String> texts = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = CSVParser.parse(reader, format)) {
            if (!parser.getHeaderNames().containsAll(List.of("text", "label"))) {
                throw new IOException(file + ": expected a header with columns text,label, got " + parser.getHeaderNames());
            }
            for (CSVRecord row : parser) {
                String where = file + " record " + row.getRecordNumber() + " (line " + parser.getCurrentLineNumber() + ")";
                if (!row.isConsistent()) {
                    throw new IOException(where + " has " + row.size() + " fields, expected " + parser.getHeaderNames().size());
                }
                int label;
                try {
                    label = Integer.parseInt(row.get("label").trim());
                } catch (NumberFormatException e) {
                    throw new IOException(where + ": label '" + row.get("label") + "' is not an integer");
                }
                if (label < 0 || label >= numLabels) {
                    throw new IOException(where + ": label " + label + " is out of range 0.." + (numLabels - 1));
                }
                texts.add(row.get("text"));
                labels.add(label);
            }
        }
        return new LabelledTexts(texts, labels.stream().mapToInt(Integer::intValue).toArray());
    }

    public int size() {
        return labels.length;
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    /** The first {@code n} rows (all when {@code n ≥ size()}). */
    public LabelledTexts head(int n) {
        int m = Math.min(n, size());
        return new LabelledTexts(texts.subList(0, m), Arrays.copyOf(labels, m));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelledTexts t && texts.equals(t.texts) && Arrays.equals(labels, t.labels);
    }

    @Override
    public int hashCode() {
        return 31 * texts.hashCode() + Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return "LabelledTexts[" + labels.length + " rows]";
    }
}
