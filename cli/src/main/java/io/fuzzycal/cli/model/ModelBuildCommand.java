package io.fuzzycal.cli.model;

import io.fuzzycal.cli.FuzzycalVersion;
import io.fuzzycal.calibration.metrics.MetricReport;
import io.fuzzycal.model.DefaultModel;
import io.fuzzycal.model.DefaultModelBuilder;
import io.fuzzycal.model.DeviceUnavailableException;
import io.fuzzycal.model.EngineOptions;
import io.fuzzycal.model.InferenceEngine;
import io.fuzzycal.model.LabelledTexts;
import io.fuzzycal.model.ModelBundle;
import io.fuzzycal.model.ModelEvaluation;
import io.fuzzycal.model.ModelQuantizer;
import io.fuzzycal.model.ProgressListener;
import io.fuzzycal.model.TrainedHead;
import io.fuzzycal.model.TrainingFacts;
import io.fuzzycal.model.Precision;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fuzzycal model build}: builds the default financial-sentiment bundle, offline. */
@Command(name = "build", mixinStandardHelpOptions = true, versionProvider = FuzzycalVersion.class,
        description = {
            "Builds the default model bundle offline: the all-MiniLM-L6-v2 encoder shipped in a Maven jar, masked mean"
                    + " pooling, L2 normalisation and a linear head over Bearish/Bullish/Neutral, composed into one ONNX graph"
                    + " (model.onnx), its INT4 twin (model.int4.onnx), tokenizer.json and config.json.",
            "The head committed with the project is used unless --retrain asks to train it again on the tweets.",
            "When --data holds valid.csv, prints the accuracy and ECE of both variants on it."})
public final class ModelBuildCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "DIR",
            description = "Bundle folder (default: $FUZZYCAL_HOME/models/" + DefaultModel.BUNDLE_NAME
                    + ", else ~/.cache/fuzzycal/models/" + DefaultModel.BUNDLE_NAME + ").")
    Path out;

    @Option(names = "--retrain",
            description = "Train the head again on DIR/train.csv instead of using the committed head"
                    + " (embeds ~9.5k tweets: a few minutes on 2 cores).")
    boolean retrain;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data/tfns",
            description = "Folder with train.csv and valid.csv (header text,label; 0=Bearish, 1=Bullish, 2=Neutral)."
                    + " Default: ${DEFAULT-VALUE}.")
    Path data;

    @Option(names = "--threads", paramLabel = "N",
            description = "ONNX Runtime intra-op threads (default: one per core).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Spec
    CommandSpec spec;

    private final Supplier<ModelQuantizer> quantizer;

    public ModelBuildCommand() {
        this(ModelQuantizer::installed);
    }

    ModelBuildCommand(Supplier<ModelQuantizer> quantizer) {
        this.quantizer = quantizer;
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        ProgressListener progress = ProgressListener.printing(line -> {
            stderr.println(line);
            stderr.flush();
        }, 2000);
        try {
            ModelQuantizer int4 = quantizer.get(); // fail before minutes of training, not after
            Path bundleDir = out != null ? out : DefaultModel.defaultBundleDir();
            Path train = data.resolve("train.csv");
            Path valid = data.resolve("valid.csv");
            TrainedHead head;
            if (retrain) {
                head = new DefaultModelBuilder(threads, progress).trainHead(train, Files.isRegularFile(valid) ? valid : null);
                printFacts(stdout, head.facts());
            } else {
                head = TrainedHead.committed();
            }
            ModelBundle bundle = DefaultModel.build(bundleDir, head, retrain, int4, progress);
            stdout.printf("bundle: %s%n", bundle.directory());
            for (Precision v : Precision.values()) {
                stdout.printf(Locale.ROOT, "  %-16s %6.1f MB%n", v.fileName(), Files.size(bundle.modelFile(v)) / 1e6);
            }
            if (Files.isRegularFile(valid)) {
                evaluate(stdout, bundle, LabelledTexts.readCsv(valid, bundle.numLabels()));
            } else {
                stdout.printf("no %s: skipping the validation report%n", valid);
            }
            if (retrain) {
                stdout.printf("to make this head the committed one: cp %s %s%n",
                        bundle.directory().resolve(DefaultModel.HEAD_FILE),
                        "inference-service/src/main/resources" + TrainedHead.DEFAULT_RESOURCE);
            }
            return 0;
        } catch (IOException | IllegalStateException | IllegalArgumentException | DeviceUnavailableException e) {
            stderr.println("model build: " + e.getMessage());
            return 1;
        }
    }

    private void evaluate(PrintWriter stdout, ModelBundle bundle, LabelledTexts valid) throws IOException {
        EngineOptions options = EngineOptions.defaults().withIntraOpThreads(threads);
        try (InferenceEngine engine = InferenceEngine.open(bundle, options)) {
            for (Precision v : Precision.values()) {
                long start = System.nanoTime();
                MetricReport r = ModelEvaluation.evaluate(engine, v, valid);
                double seconds = (System.nanoTime() - start) / 1e9;
                stdout.printf(Locale.ROOT,
                        "%-4s on %s: accuracy %.1f%%, ECE %.3f, NLL %.3f, Brier %.3f (%d texts, %.0f texts/s)%n",
                        v, data.resolve("valid.csv"), 100 * r.accuracy(), r.ece(), r.nll(), r.brier(), r.n(), r.n() / seconds);
            }
        }
    }

    private static void printFacts(PrintWriter stdout, TrainingFacts f) {
        stdout.printf(Locale.ROOT, "head trained on %s (%d rows, sha256 %s): train accuracy %.1f%%, L-BFGS %d iterations%s,"
                        + " loss %.4f%n", f.dataFile(), f.rows(), f.dataSha256(), 100 * f.trainAccuracy(), f.iterations(),
                f.converged() ? "" : " (not converged)", f.loss());
    }
}
