package io.fuzzycal.cli;

import io.fuzzycal.calibration.CalibratorJson;
import io.fuzzycal.calibration.CalibratorOutputCheck;
import io.fuzzycal.calibration.FittedCalibrator;
import io.fuzzycal.calibration.PriorCorrection;
import io.fuzzycal.calibration.io.CalibratedCsvWriter;
import io.fuzzycal.calibration.io.CalibrationCsv;
import io.fuzzycal.calibration.io.CalibrationCsvReader;
import java.io.IOException;
import java.nio.file.Path;
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
        CalibrationCsv csv = CalibrationCsvReader.read(input);
        if (csv.data().numClasses() != map.numClasses()) {
            throw new IllegalArgumentException(input + ": has " + csv.data().numClasses() + " classes but "
                    + calibrator + " was fitted on " + map.numClasses());
        }
        if (PriorCorrection.needsTargetPrior(map)) {
            map = PriorCorrection.adapt(map, csv.data());
            spec.commandLine().getErr().println("estimated the target prior by EM on the " + csv.data().size()
                    + " rows of " + input + ": " + Format.vector(PriorCorrection.targetPriorOf(map)));
        }
        double[][] calibrated = map.calibrate(csv.data());
        for (int i = 0; i < calibrated.length; i++) {
            String problem = CalibratorOutputCheck.problem(calibrated[i]); // the probes cannot cover every input
            if (problem != null) {
                throw new IllegalArgumentException(calibrator + ": on row " + (i + 1) + " of " + input + " " + problem);
            }
        }
        CalibratedCsvWriter.write(out, csv, calibrated);
        spec.commandLine().getOut().println(map.method() + ": calibrated " + csv.data().size() + " rows; wrote " + out);
        return 0;
    }

    private FittedCalibrator readCalibrator() throws IOException {
        String json = CalibratorFiles.readText(calibrator);
        try {
            return CalibratorJson.read(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(calibrator + ": " + e.getMessage(), e);
        }
    }
}
