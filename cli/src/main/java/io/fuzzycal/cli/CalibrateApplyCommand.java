package io.fuzzycal.cli;

import io.fuzzycal.calibration.CalibrationSet;
import io.fuzzycal.calibration.CalibratorJson;
import io.fuzzycal.calibration.CalibratorOutputCheck;
import io.fuzzycal.calibration.FittedCalibrator;
import io.fuzzycal.calibration.PriorCorrection;
import io.fuzzycal.calibration.io.CalibratedCsvWriter;
import io.fuzzycal.calibration.io.CalibrationCsv;
import io.fuzzycal.calibration.io.CalibrationCsvReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fuzzycal calibrate apply}: runs a saved calibrator over a CSV. */
@Command(name = "apply",
        mixinStandardHelpOptions = true,
        versionProvider = FuzzycalVersion.class,
        description = {"Calibrates the probabilities (or logits) of a CSV with a saved calibrator.",
            "The output repeats the input's other columns, then p_0..p_{C-1} calibrated, then label if the input has one."})
final class CalibrateApplyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--calibrator", required = true, paramLabel = "<json>",
            description = "A calibrator written by 'fuzzycal calibrate fit'.")
    Path calibrator;

    @Option(names = "--input", required = true, paramLabel = "<csv>",
            description = "CSV with p_0..p_{C-1} or logit_0..logit_{C-1}; label optional.")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "<csv>", description = "Where to write the calibrated CSV.")
    Path out;

    @Override
    public Integer call() throws IOException {
        FittedCalibrator map = readCalibrator();
        long rows = PriorCorrection.needsTargetPrior(map) ? applyInMemory(map) : applyStreaming(map);
        spec.commandLine().getOut().println(map.method() + ": calibrated " + rows + " rows; wrote " + out);
        return 0;
    }

    /**
     * One row at a time, so memory does not grow with the file (docs/benchmarks.md: a 200 MB CSV);
     * written to a temporary file that replaces {@code --out} only when every row was good.
     */
    private long applyStreaming(FittedCalibrator map) throws IOException {
        Path target = out.toAbsolutePath();
        Path partial = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".partial");
        long rows = 0;
        try {
            try (CalibrationCsvReader.Rows in = CalibrationCsvReader.open(input);
                 Writer w = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
                requireClasses(in.numClasses(), map);
                CalibratedCsvWriter.RowWriter writer = null;
                while (in.next()) {
                    CalibrationSet row = in.row();
                    if (writer == null) {
                        writer = CalibratedCsvWriter.open(w, in.carriedColumns(), map.numClasses(), row.isLabelled());
                    }
                    double[] calibrated = map.calibrate(row)[0];
                    requireCalibrated(calibrated, in.line());
                    writer.write(in.carried(), calibrated, row.isLabelled() ? row.label(0) : null);
                    rows++;
                }
                writer.flush();
            }
            Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
        return rows;
    }

    /** A calibrator whose target prior is estimated (by EM) on the data itself needs every row at once. */
    private long applyInMemory(FittedCalibrator map) throws IOException {
        CalibrationCsv csv = CalibrationCsvReader.read(input);
        requireClasses(csv.data().numClasses(), map);
        // A supervised prior comes from the input's label column; BBSE and EM never read labels.
        PriorCorrection.Adaptation a = PriorCorrection.adaptWithReport(map,
                PriorCorrection.needsTargetLabels(map) ? csv.data() : csv.data().withoutLabels());
        map = a.map();
        if (a.refused()) {
            spec.commandLine().getErr().println("prior correction refused on the " + csv.data().size() + " rows of "
                    + input + ": " + a.refusal() + "; the base calibrator's output is written");
        } else {
            spec.commandLine().getErr().println("target prior from the " + csv.data().size() + " rows of " + input
                    + ": " + Format.vector(PriorCorrection.targetPriorOf(map)));
        }
        double[][] calibrated = map.calibrate(csv.data());
        for (int i = 0; i < calibrated.length; i++) {
            requireCalibrated(calibrated[i], -1);
        }
        CalibratedCsvWriter.write(out, csv, calibrated);
        return calibrated.length;
    }

    private void requireClasses(int classes, FittedCalibrator map) {
        if (classes != map.numClasses()) {
            throw new InvalidInputException(input + ": has " + classes + " classes but " + calibrator
                    + " was fitted on " + map.numClasses());
        }
    }

    /** The probes cannot cover every input: each output row is checked before it is written. */
    private void requireCalibrated(double[] calibrated, long line) {
        String problem = CalibratorOutputCheck.problem(calibrated);
        if (problem != null) {
            throw new InvalidInputException(calibrator + ": on " + (line > 0 ? input + ":" + line : input) + " " + problem);
        }
    }

    private FittedCalibrator readCalibrator() throws IOException {
        String json = CalibratorFiles.readText(calibrator);
        try {
            return CalibratorJson.read(json);
        } catch (IllegalArgumentException e) { // the library's word for a document it cannot read
            throw new InvalidInputException(calibrator + ": " + e.getMessage(), e);
        }
    }
}
