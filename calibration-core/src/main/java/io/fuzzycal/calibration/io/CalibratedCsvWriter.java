package io.fuzzycal.calibration.io;

import io.fuzzycal.calibration.CalibrationSet;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes calibrated probabilities as CSV: the input's carried columns, then {@code p_0..p_{C-1}}
 * (Java's shortest round-trip form of each double), then {@code label} when the input had labels.
 * The output is itself a valid calibration CSV.
 */
public final class CalibratedCsvWriter {
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();

    private CalibratedCsvWriter() {
    }

    /** Writes to a UTF-8 file, replacing it. */
    public static void write(Path file, CalibrationCsv input, double[][] calibrated) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(out, input, calibrated);
        }
    }

    /**
     * Writes to {@code out} (not closed).
     *
     * @param input the file the probabilities were computed from, for its carried columns and labels
     * @param calibrated one probability row per input row
     */
    public static void write(Writer out, CalibrationCsv input, double[][] calibrated) throws IOException {
        CalibrationSet data = input.data();
        if (calibrated.length != data.size()) {
            throw new IllegalArgumentException(data.size() + " input rows but " + calibrated.length + " calibrated rows");
        }
        RowWriter rows = open(out, input.carriedColumns(), data.numClasses(), data.isLabelled());
        for (int i = 0; i < calibrated.length; i++) {
            rows.write(input.carriedValues().get(i), calibrated[i], data.isLabelled() ? data.label(i) : null);
        }
        rows.flush();
    }

    /**
     * Starts a calibrated CSV on {@code out} (not closed) and writes its header; rows follow one at a
     * time, so memory does not grow with the file.
     */
    public static RowWriter open(Writer out, List<String> carriedColumns, int numClasses, boolean labelled)
            throws IOException {
        return new RowWriter(new CSVPrinter(out, FORMAT), carriedColumns, numClasses, labelled);
    }

    /** Writes calibrated rows one at a time ({@link #open}). */
    public static final class RowWriter {
        private final CSVPrinter csv;
        private final int numClasses;
        private final boolean labelled;
        private final List<String> record = new ArrayList<>();

        private RowWriter(CSVPrinter csv, List<String> carriedColumns, int numClasses, boolean labelled) throws IOException {
            this.csv = csv;
            this.numClasses = numClasses;
            this.labelled = labelled;
            List<String> header = new ArrayList<>(carriedColumns);
            for (int k = 0; k < numClasses; k++) {
                header.add(CsvLayout.PROBABILITY_PREFIX + k);
            }
            if (labelled) {
                header.add(CsvLayout.LABEL);
            }
            csv.printRecord(header);
        }

        /** One row: the input's carried values, the calibrated probabilities, the label (null when unlabelled). */
        public void write(List<String> carried, double[] calibrated, Integer label) throws IOException {
            if (calibrated.length != numClasses) {
                throw new IllegalArgumentException("a calibrated row has " + calibrated.length + " probabilities, expected "
                        + numClasses);
            }
            record.clear();
            record.addAll(carried);
            for (double p : calibrated) {
                record.add(Double.toString(p));
            }
            if (labelled) {
                record.add(Integer.toString(label));
            }
            csv.printRecord(record);
        }

        public void flush() throws IOException {
            csv.flush();
        }
    }
}
