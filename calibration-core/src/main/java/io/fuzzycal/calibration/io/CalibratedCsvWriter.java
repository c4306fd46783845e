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
        int c = data.numClasses();
        CSVPrinter csv = new CSVPrinter(out, FORMAT);
        List<String> header = new ArrayList<>(input.carriedColumns());
        for (int k = 0; k < c; k++) {
            header.add(CsvLayout.PROBABILITY_PREFIX + k);
        }
        if (data.isLabelled()) {
            header.add(CsvLayout.LABEL);
        }
        csv.printRecord(header);
        List<String> record = new ArrayList<>(header.size());
        for (int i = 0; i < calibrated.length; i++) {
            if (calibrated[i].length != c) {
                throw new IllegalArgumentException("calibrated row " + i + " has " + calibrated[i].length
                        + " probabilities, expected " + c);
            }
            record.clear();
            record.addAll(input.carriedValues().get(i));
            for (double p : calibrated[i]) {
                record.add(Double.toString(p));
            }
            if (data.isLabelled()) {
                record.add(Integer.toString(data.label(i)));
            }
            csv.printRecord(record);
        }
        csv.flush();
    }
}
