package io.fuzzycal.cli;

import io.fuzzycal.calibration.CalibrationMethods;
import io.fuzzycal.calibration.CalibrationSet;
import io.fuzzycal.calibration.CalibratorJson;
import io.fuzzycal.calibration.MethodOptions;
import io.fuzzycal.calibration.TargetPrior;
import io.fuzzycal.calibration.io.CalibrationCsvReader;
import io.fuzzycal.calibration.study.SplitResult;
import io.fuzzycal.calibration.study.SplitSettings;
import io.fuzzycal.calibration.study.SplitStudy;
import io.fuzzycal.calibration.study.StudyData;
import io.fuzzycal.calibration.study.StudyResult;
import io.fuzzycal.calibration.study.StudySettings;
import io.fuzzycal.calibration.study.TransferStudy;
import io.fuzzycal.model.EngineOptions;
import io.fuzzycal.model.ProgressListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fuzzycal study}: the research pipeline. Extracts (or loads) FP32 and INT4 probabilities for
 * labelled texts, fits every calibrator on FP32, scores it on both, and writes the report.
 */
@Command(name = "study",
        mixinStandardHelpOptions = true,
        versionProvider = FuzzycalVersion.class,
        description = {"The FP32 -> INT4 calibration-transfer study of the research, as one command.",
            "Scores the texts with both model variants (cached), then per seed fits every calibration method"
                    + " (and each followed by prior correction) on the FP32 calibration half and scores it on the FP32"
                    + " and the INT4 test half. Prints the research's table; then fits and scores every method on"
                    + " --splits paired splits (and --calibration-size samples) for paired differences with standard"
                    + " errors; writes results.json, report.md, reliability diagrams and learning curves to --out."})
final class StudyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--data", paramLabel = "<csv>",
            description = "Labelled texts (columns text,label). Default: the validation split of the financial"
                    + " tweets shipped with fuzzycal.")
    Path data;

    @Option(names = "--seeds", split = ",", defaultValue = "42,123,456", paramLabel = "<seed>",
            description = "One split and fit per seed. Default: ${DEFAULT-VALUE}.")
    List<Long> seeds;

    @Mixin
    MetricOptions metrics = new MetricOptions();

    @Option(names = "--splits", defaultValue = "30", paramLabel = "<n>",
            description = "Paired stratified half splits for the methods' paired differences (± standard error, wins)"
                    + " against dirichlet and temperature; 0 skips them. Default: ${DEFAULT-VALUE}.")
    int splits;

    @Option(names = "--calibration-size", split = ",", defaultValue = "all", paramLabel = "<n|all>",
            description = "Labelled rows to fit on in the paired splits (a stratified sample of each calibration half),"
                    + " e.g. 250,500,all; more than one size adds a learning curve. Default: ${DEFAULT-VALUE}.")
    List<String> calibrationSizes;

    @Option(names = "--split-methods", split = ",", paramLabel = "<method>",
            defaultValue = "uncalibrated,temperature,affine,dirichlet,fuzzy,auto,prior,temperature+prior,dirichlet+prior,"
                    + "fuzzy+prior",
            description = "Methods of the paired splits (any calibrate fit method). Default: ${DEFAULT-VALUE}.")
    List<String> splitMethods;

    @Option(names = "--target-prior", defaultValue = "bbse", paramLabel = "<prior>",
            description = "+prior methods: bbse or em (estimated without labels on each test half, guarded),"
                    + " supervised (from --supervised-rows labelled test rows held apart; paired splits only),"
                    + " uniform, or numbers such as 0.2,0.3,0.5. Default: ${DEFAULT-VALUE}.")
    String targetPrior;

    @Option(names = "--supervised-rows", defaultValue = "100", paramLabel = "<n>",
            description = "With --target-prior supervised: labelled test rows per split the prior is taken from (held"
                    + " apart from scoring for every method). Default: ${DEFAULT-VALUE}.")
    int supervisedRows;

    @Mixin
    EpochsOption epochs = new EpochsOption();

    @Option(names = "--load-fp32-probs", paramLabel = "<csv>",
            description = "FP32 probabilities to use instead of running the model (p_0.., label; as written to"
                    + " <out>/probs by an earlier run). Needs --load-int4-probs.")
    Path loadFp32;

    @Option(names = "--load-int4-probs", paramLabel = "<csv>", description = "INT4 probabilities, row for row with FP32.")
    Path loadInt4;

    @Option(names = "--out", defaultValue = "study-results", paramLabel = "<dir>",
            description = "Where results.json, report.md, reliability diagrams and probs/ go. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Override
    public Integer call() throws IOException {
        if ((loadFp32 == null) != (loadInt4 == null)) {
            throw new InvalidInputException("--load-fp32-probs and --load-int4-probs go together");
        }
        // bad values fail here, before minutes of scoring
        TargetPrior prior = InvalidInputException.check(() -> TargetPrior.parse(targetPrior));
        MethodOptions options = InvalidInputException.check(() -> MethodOptions.defaults()
                .withFuzzy(MethodOptions.defaults().fuzzy().withMaxEpochs(epochs.maxEpochs).withPatience(epochs.maxEpochs))
                .withTargetPrior(prior));
        SplitSettings splitSettings = splits == 0 ? null : InvalidInputException.check(() -> SplitSettings.defaults()
                .withSplits(splits).withMethods(splitMethods).withCalibrationSizes(calibrationRows(calibrationSizes))
                .withBins(metrics.bins).withOptions(options)
                .withSupervisedRows(prior.kind() == TargetPrior.Kind.SUPERVISED ? supervisedRows : 0));
        // The seed table scores whole test halves, so a supervised prior falls back to BBSE there.
        StudySettings settings = InvalidInputException.check(() -> StudySettings.defaults()
                .withSeeds(seeds)
                .withBins(metrics.bins)
                .withBootstrapResamples(metrics.bootstrap)
                .withOptions(prior.kind() == TargetPrior.Kind.SUPERVISED ? options.withTargetPrior(TargetPrior.bbse())
                        : options));
        PrintWriter err = spec.commandLine().getErr();
        Files.createDirectories(out.resolve("probs"));
        ProbabilityExtraction.Inputs inputs = loadFp32 != null ? loaded() : extracted(err);
        StudyResult result = TransferStudy.run(inputs.data(), settings, (seed, method, done, total) -> {
            err.printf("study: seed %d, %s (%d/%d)%n", seed, method, Math.min(done + 1, total), total);
            err.flush();
        });

        for (StudyResult.Transfer t : result.runs().get(0).results()) {
            ReliabilityDiagram.writePng(t.fp32().reliability(), title(t.method(), "FP32", t.fp32().metrics().ece()),
                    out.resolve(StudyReport.diagramFile(t.method(), "fp32")));
            ReliabilityDiagram.writePng(t.int4().reliability(), title(t.method(), "INT4", t.int4().metrics().ece()),
                    out.resolve(StudyReport.diagramFile(t.method(), "int4")));
        }
        Path calibrators = writeCalibrators(result.runs().get(0), inputs.source());
        SplitResult paired = splitSettings == null ? null : SplitStudy.run(inputs.data(), splitSettings,
                (size, split, total) -> {
                    err.printf("study: paired split %d/%d, %s calibration rows%n", split + 1, total,
                            size == SplitSettings.ALL_ROWS ? "all" : String.valueOf(size));
                    err.flush();
                });
        String report = StudyReport.markdown(result, inputs.source(), inputs.models(), true);
        if (paired != null) {
            report += "\n" + SplitReport.markdown(paired);
            if (paired.sizes().size() > 1) {
                LearningCurveChart.writePng(paired, "FP32", out.resolve("learning-curve-fp32.png"));
                LearningCurveChart.writePng(paired, "INT4", out.resolve("learning-curve-int4.png"));
                report += "\n![learning curve FP32](learning-curve-fp32.png) ![learning curve INT4](learning-curve-int4.png)\n";
            }
        }
        Files.writeString(out.resolve("report.md"), report);
        Files.writeString(out.resolve("results.json"), StudyJson.write(result, paired, inputs.source(), inputs.models()));

        PrintWriter o = spec.commandLine().getOut();
        o.print(StudyReport.table(result));
        if (paired != null) {
            o.print(SplitReport.console(paired));
        }
        o.printf("%nFP32/INT4 argmax agreement %.1f%%; %s%n", 100 * result.argmaxAgreement(), sizes(inputs.models()));
        o.printf("report: %s%n", out.resolve("report.md"));
        o.printf("calibrators: %s (for calibrate apply, or calibrate-stream --initial-calibrator)%n", calibrators);
        o.flush();
        return 0;
    }

    /**
     * Each method's calibrator of the first seed (the one the diagrams show), as {@code calibrate fit}
     * writes them: a starting point for {@code calibrate apply} or {@code calibrate-stream
     * --initial-calibrator}. Not the prior-corrected variants: their target prior is estimated on the
     * data they are applied to, which a stream applying one record at a time does not have.
     */
    private Path writeCalibrators(StudyResult.SeedRun run, String source) throws IOException {
        Path dir = Files.createDirectories(out.resolve("calibrators"));
        for (StudyResult.Transfer t : run.results()) {
            if (t.method().equals(CalibrationMethods.UNCALIBRATED) || t.method().equals(CalibrationMethods.PRIOR)
                    || t.method().endsWith(CalibrationMethods.PRIOR_SUFFIX)) {
                continue;
            }
            Map<String, Object> metadata = CalibratorMetadata.of("fuzzycal study: " + source + ", its FP32 calibration half",
                    run.calibrationRows(), run.seed(), t.method());
            metadata.put("testEce", Map.of("FP32", t.fp32().metrics().ece(), "INT4", t.int4().metrics().ece()));
            Files.writeString(dir.resolve(t.method() + ".json"), CalibratorJson.write(t.calibrator(), metadata));
        }
        return dir;
    }

    /** {@code all} is 0 (every calibration row); numbers are row counts. */
    static List<Integer> calibrationRows(List<String> values) {
        List<Integer> out = new ArrayList<>();
        for (String v : values) {
            String t = v.trim().toLowerCase(java.util.Locale.ROOT);
            try {
                out.add(t.equals("all") ? SplitSettings.ALL_ROWS : Integer.parseInt(t));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--calibration-size takes row counts or 'all', got '" + v + "'");
            }
        }
        return out;
    }

    private static String title(String method, String variant, double ece) {
        return method + " - " + variant + String.format(java.util.Locale.ROOT, " (ECE %.3f)", ece);
    }

    private static String sizes(List<ModelFacts> models) {
        List<String> parts = new ArrayList<>();
        for (ModelFacts m : models) {
            parts.add(m.variant() + " " + m.megabytes() + " MB, " + m.throughput() + " texts/s");
        }
        return String.join("; ", parts);
    }

    private ProbabilityExtraction.Inputs loaded() throws IOException {
        CalibrationSet fp32 = CalibrationCsvReader.read(loadFp32).data();
        CalibrationSet int4 = CalibrationCsvReader.read(loadInt4).data();
        StudyData data = InvalidInputException.check(() -> new StudyData(fp32, int4));
        return new ProbabilityExtraction.Inputs(data, loadFp32 + " and " + loadInt4, List.of(
                new ModelFacts("FP32", loadFp32.toString(), -1, Double.NaN),
                new ModelFacts("INT4", loadInt4.toString(), -1, Double.NaN)));
    }

    private ProbabilityExtraction.Inputs extracted(PrintWriter err) throws IOException {
        ProgressListener progress = ProgressListener.printing(line -> {
            err.println(line);
            err.flush();
        }, 2000);
        EngineOptions options = model.engineOptions();
        return ProbabilityExtraction.run(model.loadBundle(progress), data, options, out.resolve("probs"), progress);
    }
}
