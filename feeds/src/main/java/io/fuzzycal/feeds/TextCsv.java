package io.fuzzycal.feeds;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads texts from a CSV file: a header naming a {@code text} column and optionally {@code label}
 * (a class index from 0; blank = unlabelled) and {@code id} (blank or absent = {@code <file-stem>-<row>},
 * rows counted from 1 after the header), in any order; other columns are ignored. UTF-8, RFC 4180
 * quoting (quoted fields may hold commas, doubled quotes and line breaks), blank lines skipped; the
 * same commons-csv parser as calibration-core's CSV files. Labels are indices only: a class name
 * means something only against a model's label order, which a feed does not know.
 */
public final class TextCsv {
    // Blank lines come back as records so that line numbers stay exact, as in calibration-core.
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).get();
    private static final Pattern INDEX = Pattern.compile("\\+?\\d{1,9}");

    private TextCsv() {
    }

    /** Every row of {@code csv}; a bad row fails the whole read with its line and row number. */
    public static List<LabelledText> read(Path csv) throws IOException {
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            return read(in, csv.toString(), stem(csv));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Rows of CSV text from {@code in}.
     *
     * @param source the name in error messages (the file)
     * @param idPrefix the prefix of generated ids ({@code <idPrefix>-<row>})
     */
    public static List<LabelledText> read(Reader in, String source, String idPrefix) throws IOException {
        List<LabelledText> texts = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        try (CSVParser parser = CSVParser.parse(in, FORMAT)) {
            Map<String, Integer> columns = null;
            long nextLine = 1;
            long row = 0;
            for (CSVRecord record : parser) {
                long line = nextLine;
                nextLine = parser.getCurrentLineNumber() + 1;
                if (record.size() == 1 && record.get(0).isBlank()) {
                    continue;
                }
                if (columns == null) {
                    columns = header(record, source, line);
                    continue;
                }
                row++;
                LabelledText text = row(record, columns, source, line, row, idPrefix);
                if (!ids.add(text.id())) {
                    throw new TextInputException(source, line, "row " + row + ": id '" + text.id()
                            + "' appears twice");
                }
                texts.add(text);
            }
            if (columns == null) {
                throw new TextInputException(source, 1, "no header line (expected text[,label][,id])");
            }
        } catch (UncheckedIOException e) {
            // commons-csv reports a broken quote this way
            throw new TextInputException(source, 0, "not valid CSV: " + e.getCause().getMessage());
        }
        return texts;
    }

    private static Map<String, Integer> header(CSVRecord record, String source, long line) throws TextInputException {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < record.size(); i++) {
            String name = record.get(i).trim().toLowerCase(Locale.ROOT);
            if (!name.isEmpty() && columns.putIfAbsent(name, i) != null) {
                throw new TextInputException(source, line, "column '" + name + "' appears twice in the header");
            }
        }
        if (!columns.containsKey("text")) {
            throw new TextInputException(source, line, "the header has no 'text' column (expected text[,label][,id], got "
                    + String.join(",", record.toList()) + ")");
        }
        return columns;
    }

    private static LabelledText row(CSVRecord record, Map<String, Integer> columns, String source, long line, long row,
                                    String idPrefix) throws TextInputException {
        String text = field(record, columns, "text");
        if (text == null || text.isBlank()) {
            throw new TextInputException(source, line, "row " + row + ": the text is empty");
        }
        String label = field(record, columns, "label");
        Integer index = null;
        if (label != null && !label.isBlank()) {
            String trimmed = label.trim();
            if (!INDEX.matcher(trimmed).matches()) {
                throw new TextInputException(source, line, "row " + row + ": label is not a class index (0, 1, ...): '"
                        + label + "'");
            }
            index = Integer.parseInt(trimmed);
        }
        String id = field(record, columns, "id");
        if (id == null || id.isBlank()) {
            id = idPrefix + "-" + row;
        }
        return new LabelledText(id.trim(), text, index);
    }

    private static String field(CSVRecord record, Map<String, Integer> columns, String name) {
        Integer i = columns.get(name);
        return i == null || i >= record.size() ? null : record.get(i);
    }

    static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
