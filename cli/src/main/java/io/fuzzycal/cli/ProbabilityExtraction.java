package io.fuzzycal.cli;

import io.fuzzycal.model.BundledData;
import io.fuzzycal.calibration.CalibrationSet;
import io.fuzzycal.calibration.io.CalibrationCsvReader;
import io.fuzzycal.calibration.study.StudyData;
import io.fuzzycal.model.EngineOptions;
import io.fuzzycal.model.FileDigest;
import io.fuzzycal.model.InferenceEngine;
import io.fuzzycal.model.LabelledTexts;
import io.fuzzycal.model.ModelBundle;
import io.fuzzycal.model.ModelOutput;
import io.fuzzycal.model.ProgressListener;
import io.fuzzycal.model.Precision;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Scores labelled texts with the FP32 and the INT4 model of a bundle and keeps the probabilities as
 * calibration CSVs ({@code p_0.., label}) in a cache folder. A later run on the same model files and
 * data reuses them (the key is the SHA-256 of the two model files and the data), and the CSVs can be passed back to
 * {@code fuzzycal study --load-fp32-probs/--load-int4-probs}.
 */
final class ProbabilityExtraction {
    /** Texts per classify call: small enough for steady progress lines, large enough to batch well. */
    private static final int CHUNK = 256;

    private ProbabilityExtraction() {
    }

    /** What the study runs on, and where it came from. */
    record Inputs(StudyData data, String source, List<ModelFacts> models) {
    }

    static Inputs run(ModelBundle bundle, Path dataCsv, EngineOptions options, Path cacheDir, ProgressListener progress)
            throws IOException {
        Path data = dataCsv != null ? dataCsv : BundledData.validationSplitCopy();
        String source = dataCsv != null ? dataCsv.toString() : BundledData.VALIDATION_SPLIT_NAME;
        String key = FileDigest.sha256(bundle.modelFile(Precision.FP32)) + FileDigest.sha256(bundle.modelFile(Precision.INT4))
                + FileDigest.sha256(data);
        Files.createDirectories(cacheDir);
        Path meta = cacheDir.resolve("probs.properties");
        Properties cached = new Properties();
        if (Files.isRegularFile(meta)) {
            try (var in = Files.newBufferedReader(meta)) {
                cached.load(in);
            }
        }
        if (key.equals(cached.getProperty("key")) && Files.isRegularFile(csv(cacheDir, Precision.FP32))
                && Files.isRegularFile(csv(cacheDir, Precision.INT4))) {
            progress.step("using cached probabilities in " + cacheDir);
            return inputs(bundle, cacheDir, source, cached);
        }

        LabelledTexts texts = LabelledTexts.readCsv(data, bundle.numLabels());
        Properties facts = new Properties();
        facts.setProperty("key", key);
        try (InferenceEngine engine = InferenceEngine.open(bundle, options)) {
            for (Precision v : Precision.values()) {
                long start = System.nanoTime();
                List<ModelOutput> predictions = new ArrayList<>(texts.size());
                for (int from = 0; from < texts.size(); from += CHUNK) {
                    int to = Math.min(texts.size(), from + CHUNK);
                    predictions.addAll(engine.classify(v, texts.texts().subList(from, to)));
                    double seconds = (System.nanoTime() - start) / 1e9;
                    progress.progress("scoring " + v, to, texts.size(), to / seconds);
                }
                double textsPerSecond = texts.size() / ((System.nanoTime() - start) / 1e9);
                facts.setProperty(v.name() + ".textsPerSecond", Double.toString(textsPerSecond));
                write(csv(cacheDir, v), predictions, texts.labels());
            }
        }
        try (var out = Files.newBufferedWriter(meta)) {
            facts.store(out, "fuzzycal study: probabilities of " + bundle.directory() + " on " + data);
        }
        return inputs(bundle, cacheDir, source, facts);
    }

    static Path csv(Path cacheDir, Precision v) {
        return cacheDir.resolve(v.name().toLowerCase(java.util.Locale.ROOT) + ".csv");
    }

    private static Inputs inputs(ModelBundle bundle, Path cacheDir, String source, Properties facts) throws IOException {
        CalibrationSet fp32 = CalibrationCsvReader.read(csv(cacheDir, Precision.FP32)).data();
        CalibrationSet int4 = CalibrationCsvReader.read(csv(cacheDir, Precision.INT4)).data();
        List<ModelFacts> models = new ArrayList<>();
        for (Precision v : Precision.values()) {
            Path file = bundle.modelFile(v);
            // Bundle-relative, so that a report names the model and not the user's home folder.
            String name = bundle.directory().getFileName() + "/" + file.getFileName();
            models.add(new ModelFacts(v.name(), name, Files.size(file),
                    Double.parseDouble(facts.getProperty(v.name() + ".textsPerSecond", "NaN"))));
        }
        return new Inputs(new StudyData(fp32, int4), source, models);
    }

    private static void write(Path file, List<ModelOutput> predictions, int[] labels) throws IOException {
        int c = predictions.get(0).probabilities().length;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int k = 0; k < c; k++) {
                w.write("p_" + k + ",");
            }
            w.write("label\n");
            for (int i = 0; i < predictions.size(); i++) {
                for (double p : predictions.get(i).probabilities()) {
                    w.write(Double.toString(p));
                    w.write(',');
                }
                w.write(Integer.toString(labels[i]));
                w.write('\n');
            }
        }
    }
}
