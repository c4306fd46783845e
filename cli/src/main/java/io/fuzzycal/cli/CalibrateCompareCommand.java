package io.fuzzycal.cli;

import io.fuzzycal.calibration.CalibrationMethods;
import io.fuzzycal.calibration.CalibrationSet;
import io.fuzzycal.calibration.MethodOptions;
import io.fuzzycal.calibration.compare.Comparison;
import io.fuzzycal.calibration.compare.ComparisonSettings;
import io.fuzzycal.calibration.compare.MethodComparison;
import io.fuzzycal.calibration.io.CalibrationCsvReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fuzzycal calibrate compare}: every method fitted on one file and scored on another. */
@Command(name = "compare",
        mixinStandardHelpOptions = true,
        versionProvider = FuzzycalVersion.class,
        description = {"Fits calibration methods on one labelled CSV and compares them on another.",
            "Prints ECE with a bootstrap confidence interval, equal-mass ECE, classwise ECE, MCE, Brier, NLL,"
                    + " accuracy and McNemar's p-value against the uncalibrated probabilities, per method."})
final class CalibrateCompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--train", required = true, paramLabel = "<csv>", description = "Labelled CSV to fit on.")
    Path train;

    @Option(names = "--test", required = true, paramLabel = "<csv>", description = "Labelled CSV to score on.")
    Path test;

    @Option(names = "--methods", defaultValue = "all", split = ",", paramLabel = "<method>",
            description = "Comma-separated methods to compare; 'all' is uncalibrated, temperature, affine,"
                    + " dirichlet, fuzzy and prior. Any method may end in +prior. Default: ${DEFAULT-VALUE}.")
    List<String> methods;

    @Mixin
    MetricOptions metrics = new MetricOptions();

    @Option(names = "--json", description = "Print JSON (with the reliability table of every method) instead of a table.")
    boolean json;

    @Mixin
    FitSettings fit;

    @Override
    public Integer call() throws IOException {
        FitInputChecks.requireAtMost("--bins", metrics.bins, FitInputChecks.MAX_BINS);
        FitInputChecks.requireAtMost("--bootstrap", metrics.bootstrap, FitInputChecks.MAX_BOOTSTRAP);
        MethodOptions options = fit.methodOptions();
        ComparisonSettings settings = InvalidInputException.check(() -> {
            List<String> names = expand(methods);
            names.forEach(name -> CalibrationMethods.create(name, options)); // unknown names fail here, not in the run
            return ComparisonSettings.defaults().withMethods(names).withOptions(options).withSeed(fit.seed)
                    .withBins(metrics.bins).withBootstrapResamples(metrics.bootstrap);
        });
        CalibrationSet trainSet = readLabelled(train);
        String warning = FitInputChecks.requireFittable(train, trainSet);
        CalibrationSet testSet = readLabelled(test);
        if (trainSet.numClasses() != testSet.numClasses()) {
            throw new InvalidInputException(train + " has " + trainSet.numClasses() + " classes but " + test + " has "
                    + testSet.numClasses());
        }
        PrintWriter err = spec.commandLine().getErr();
        if (warning != null) {
            err.println(warning);
        }
        Comparison comparison = MethodComparison.run(trainSet, testSet, settings, (method, position, total) -> {
            err.printf("fitting %s (%d/%d)...%n", method, position, total);
            err.flush();
        });
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(ComparisonJson.write(comparison, train, test));
        } else {
            out.print(ComparisonTable.render(comparison, train, test));
        }
        out.flush();
        return 0;
    }

    private static List<String> expand(List<String> names) {
        List<String> out = new ArrayList<>();
        for (String name : names) {
            if (name.trim().equalsIgnoreCase("all")) {
                out.addAll(CalibrationMethods.all());
            } else if (!name.isBlank()) {
                out.add(name.trim());
            }
        }
        return out;
    }

    private static CalibrationSet readLabelled(Path file) throws IOException {
        CalibrationSet data = CalibrationCsvReader.read(file).data();
        if (!data.isLabelled()) {
            throw new InvalidInputException(file + ": no labels; compare needs a label column in both files");
        }
        return data;
    }
}
