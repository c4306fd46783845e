package io.fuzzycal.calibration.io;

import io.fuzzycal.calibration.CalibrationSet;
import io.fuzzycal.calibration.InvalidRowException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a calibration CSV (RFC 4180, UTF-8, a header line) into a {@link CalibrationCsv}.
 *
 * <p>Columns: {@code p_0..p_{C-1}} or {@code logit_0..logit_{C-1}} (exactly one family, C ≥ 2), an
 * optional {@code label} (integer class index, on every row or on none), and any other columns,
 * which are carried through. Blank lines are skipped. Every problem is reported as a
 * {@link CsvFormatException} naming the line where the offending record starts.
 */
public final class CalibrationCsvReader {
    // Blank lines come back as records, so that line numbers stay exact (see LineTracker).
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).get();
    // Plain decimal notation only: Double.parseDouble would also take "0x1p3" or "1d".
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

    private CalibrationCsvReader() {
    }

    /** Reads a UTF-8 file; its path, as given, names it in error messages. */
    public static CalibrationCsv read(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.toString());
        }
    }

    /**
     * Reads CSV text from {@code in}.
     *
     * @param source the name used in error messages (usually the file name)
     */
    public static CalibrationCsv read(Reader in, String source) throws IOException {
        try (CSVParser parser = CSVParser.parse(in, FORMAT)) {
            return new Parse(parser, source).run();
        }
    }

    /**
     * Opens a UTF-8 file to read one row at a time, so memory does not grow with the file; the
     * header is read and checked here. Rows are checked as {@link #read} checks them.
     */
    public static Rows open(Path file) throws IOException {
        Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        try {
            CSVParser parser = CSVParser.parse(in, FORMAT);
            Parse parse = new Parse(parser, file.toString());
            parse.header();
            return new Rows(parser, parse);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** A calibration CSV read row by row ({@link #open}). */
    public static final class Rows implements AutoCloseable {
        private final CSVParser parser;
        private final Parse parse;
        private Row current;

        private Rows(CSVParser parser, Parse parse) {
            this.parser = parser;
            this.parse = parse;
        }

        public int numClasses() {
            return parse.layout.numClasses();
        }

        /** Names of the columns that are neither scores nor the label, in file order. */
        public List<String> carriedColumns() {
            return parse.layout.carriedNames();
        }

        /** Moves to the next data row; false at the end. */
        public boolean next() {
            current = parse.row();
            return current != null;
        }

        /** The current row as a one-row set (validated; labelled when the file has labels). */
        public CalibrationSet row() {
            return parse.validated(current);
        }

        /** The current row's carried values, in {@link #carriedColumns()} order. */
        public List<String> carried() {
            return current.carried();
        }

        /** The line on which the current row starts. */
        public long line() {
            return current.line();
        }

        @Override
        public void close() throws IOException {
            parser.close();
        }
    }

    private record Row(double[] scores, Integer label, List<String> carried, long line) {
    }

    /** One pass over one file. */
    private static final class Parse {
        private final CSVParser parser;
        private final String source;
        private final Iterator<CSVRecord> records;
        private long lastLine; // file line on which the previous record ended
        private long line;     // file line on which the current record starts

        Parse(CSVParser parser, String source) {
            this.parser = parser;
            this.source = source;
            this.records = parser.iterator();
        }

        private CsvLayout layout;
        private long headerLine;
        private boolean labelled;
        private long firstDataLine = -1;

        CsvLayout header() {
            CSVRecord headerRecord = next();
            if (headerRecord == null) {
                throw error(1, "the file is empty; expected a header line with p_0..p_{C-1} or logit_0..logit_{C-1}");
            }
            try {
                layout = CsvLayout.of(withoutByteOrderMark(headerRecord.toList()));
            } catch (IllegalArgumentException e) {
                throw error(line, e.getMessage());
            }
            headerLine = line;
            return layout;
        }

        /** The next data row, blank lines skipped, or null at the end; its values parsed, not yet validated as a row. */
        Row row() {
            CSVRecord r = next();
            while (r != null && isBlank(r)) {
                r = next();
            }
            if (r == null) {
                if (firstDataLine < 0) {
                    throw error(headerLine, "the header is not followed by any data rows");
                }
                return null;
            }
            if (r.size() != layout.width()) {
                throw error(line, "has " + r.size() + " fields, expected " + layout.width() + " like the header");
            }
            int c = layout.numClasses();
            double[] row = new double[c];
            for (int k = 0; k < c; k++) {
                row[k] = number(r.get(layout.scoreColumns()[k]), layout.scoreName(k));
            }
            Integer label = layout.labelColumn() < 0 ? null : label(r.get(layout.labelColumn()), c);
            if (firstDataLine < 0) {
                labelled = label != null;
                firstDataLine = line;
            } else if (labelled != (label != null)) {
                throw error(line, labelled
                        ? "label is missing, but line " + firstDataLine + " has one; give a label on every row or on none"
                        : "has a label, but line " + firstDataLine + " has none; give a label on every row or on none");
            }
            List<String> values = new ArrayList<>(layout.carriedColumns().length);
            for (int col : layout.carriedColumns()) {
                values.add(r.get(col));
            }
            return new Row(row, label, values, line);
        }

        CalibrationCsv run() {
            CsvLayout layout = header();
            List<double[]> scores = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            List<List<String>> carried = new ArrayList<>();
            List<Long> lines = new ArrayList<>();
            for (Row r = row(); r != null; r = row()) {
                scores.add(r.scores());
                labels.add(r.label());
                carried.add(r.carried());
                lines.add(r.line());
            }
            return new CalibrationCsv(build(layout, scores, labelled ? labels : null, lines), layout.carriedNames(), carried);
        }

        /** One data row as a validated, one-row calibration set. */
        CalibrationSet validated(Row r) {
            double[][] rows = {r.scores()};
            int[] y = r.label() == null ? null : new int[] {r.label()};
            try {
                return layout.logits() ? CalibrationSet.ofLogits(rows, y) : CalibrationSet.ofProbabilities(rows, y);
            } catch (InvalidRowException e) {
                throw error(r.line(), e.reason());
            }
        }

        private CalibrationSet build(CsvLayout layout, List<double[]> scores, List<Integer> labels, List<Long> lines) {
            double[][] rows = scores.toArray(new double[0][]);
            int[] y = labels == null ? null : labels.stream().mapToInt(Integer::intValue).toArray();
            try {
                return layout.logits() ? CalibrationSet.ofLogits(rows, y) : CalibrationSet.ofProbabilities(rows, y);
            } catch (InvalidRowException e) {
                throw error(lines.get(e.row()), e.reason());
            }
        }

        /** The next record, or {@code null} at the end; keeps {@link #line} on the record's first line. */
        private CSVRecord next() {
            try {
                line = lastLine + 1;
                if (!records.hasNext()) {
                    return null;
                }
                CSVRecord r = records.next();
                lastLine = parser.getCurrentLineNumber();
                return r;
            } catch (UncheckedIOException e) {
                if (e.getCause() instanceof CharacterCodingException) {
                    throw error(line, "not UTF-8 text");
                }
                String why = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
                throw error(line, "malformed CSV: " + why);
            }
        }

        private double number(String field, String column) {
            String text = field.trim();
            if (text.isEmpty()) {
                throw error(line, column + " is empty, expected a number");
            }
            if (text.equalsIgnoreCase("nan")) {
                throw error(line, column + " is NaN, expected a number");
            }
            if (!DECIMAL.matcher(text).matches()) {
                throw error(line, column + " is not a number: '" + text + "'");
            }
            double v = Double.parseDouble(text);
            if (!Double.isFinite(v)) {
                throw error(line, column + " is " + text + ", which overflows a double");
            }
            return v;
        }

        /** The label as a class index, or {@code null} when the field is empty. */
        private Integer label(String field, int c) {
            String text = field.trim();
            if (text.isEmpty()) {
                return null;
            }
            if (!INTEGER.matcher(text).matches()) {
                throw error(line, "label is not an integer class index: '" + text + "'");
            }
            int y;
            try {
                y = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                y = -1;
            }
            if (y < 0 || y >= c) {
                throw error(line, "label " + text + " is out of range 0.." + (c - 1));
            }
            return y;
        }

        /** Spreadsheet programs often start UTF-8 files with a byte order mark; it is not part of a name. */
        private static List<String> withoutByteOrderMark(List<String> header) {
            List<String> names = new ArrayList<>(header);
            if (!names.isEmpty() && names.get(0).startsWith("\uFEFF")) {
                names.set(0, names.get(0).substring(1));
            }
            return names;
        }

        private static boolean isBlank(CSVRecord r) {
            return r.size() == 1 && r.get(0).isBlank();
        }

        private CsvFormatException error(long at, String reason) {
            return new CsvFormatException(source, at, reason);
        }
    }
}
