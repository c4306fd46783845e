package io.fuzzycal.cli;

import io.fuzzycal.calibration.CalibrationSet;
import io.fuzzycal.calibration.Calibrator;
import io.fuzzycal.calibration.AutoCalibrator;
import io.fuzzycal.calibration.CalibrationMethods;
import io.fuzzycal.calibration.CalibratorJson;
import io.fuzzycal.calibration.FittedCalibrator;
import io.fuzzycal.calibration.MethodOptions;
import io.fuzzycal.calibration.PriorCorrection;
import io.fuzzycal.calibration.io.CalibrationCsvReader;
import io.fuzzycal.calibration.metrics.CalibrationMeasures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fuzzycal calibrate fit}: fits one method on a labelled CSV and saves the calibrator. */
@Command(name = "fit",
        mixinStandardHelpOptions = true,
        versionProvider = FuzzycalVersion.class,
        description = "Fits a calibration method on a labelled CSV and writes the calibrator as JSON.")
final class CalibrateFitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "<csv>",
            description = "Labelled calibration CSV: p_0..p_{C-1} or logit_0..logit_{C-1}, and label.")
    Path input;

    @Option(names = "--method", defaultValue = CalibrationMethods.FUZZY, paramLabel = "<name>",
            description = "uncalibrated, temperature, affine, dirichlet, fuzzy, auto (picked by cross-validation on the"
                    + " input) or prior; any of them may end in +prior. Default: ${DEFAULT-VALUE}.")
    String method;

    @Option(names = "--out", required = true, paramLabel = "<json>", description = "Where to write the calibrator.")
    Path out;

    @Mixin
    FitSettings settings;

    @Override
    public Integer call() throws IOException {
        MethodOptions options = settings.methodOptions();
        Calibrator calibrator = InvalidInputException.check(() -> CalibrationMethods.create(method, options));
        CalibrationSet data = CalibrationCsvReader.read(input).data();
        if (!data.isLabelled()) {
            throw new InvalidInputException(input + ": no labels; fitting needs a label column");
        }
        String warning = FitInputChecks.requireFittable(input, data);
        if (warning != null) {
            spec.commandLine().getErr().println(warning);
        }
        Map<String, Object> metadata = CalibratorMetadata.of(String.valueOf(input.getFileName()), data.size(),
                settings.seed, method);
        FittedCalibrator map;
        if (calibrator instanceof AutoCalibrator auto) {
            AutoCalibrator.Fit fit = auto.fitWithSelection(data, settings.seed);
            map = fit.calibrator();
            metadata.put("autoSelection", fit.selection());
            spec.commandLine().getOut().println("auto: " + AutoReport.describe(fit.selection()));
        } else {
            map = calibrator.fit(data, settings.seed);
        }
        metadata.put("method", map.method());
        Files.writeString(out, CalibratorJson.write(map, metadata), StandardCharsets.UTF_8);

        int[] y = data.labels();
        // An estimated target prior is found where the map is applied; here that is the fit data (no shift, so
        // the guard normally refuses it, and says so).
        PriorCorrection.Adaptation adapted = PriorCorrection.adaptWithReport(map,
                PriorCorrection.needsTargetLabels(map) ? data : data.withoutLabels());
        if (adapted.refused()) {
            spec.commandLine().getOut().println("prior correction refused on the fit data: " + adapted.refusal());
        }
        double after = CalibrationMeasures.nll(adapted.map().calibrate(data), y);
        double before = CalibrationMeasures.nll(data.probabilities(), y);
        spec.commandLine().getOut().printf(Locale.ROOT, "%s: fitted on %d rows (%d classes), NLL on the fit data"
                + " %.4f -> %.4f; wrote %s%n", map.method(), data.size(), data.numClasses(), before, after, out);
        return 0;
    }
}
