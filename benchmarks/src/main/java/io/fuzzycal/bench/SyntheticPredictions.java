package io.fuzzycal.bench;

import io.fuzzycal.calibration.CalibrationMethods;
import io.fuzzycal.calibration.CalibrationSet;
import io.fuzzycal.calibration.FittedCalibrator;
import io.fuzzycal.model.Softmax;
import io.fuzzycal.schemas.avro.Prediction;
import io.fuzzycal.schemas.avro.Variant;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Seeded synthetic model outputs: each document has a true class y, FP32 logits
 * {@code 3 * (onehot(y) + N(0, 1))} (over-confident: the scale sharpens probabilities beyond the
 * accuracy) and INT4 logits equal to those plus N(0, 0.1) (quantisation noise).
 */
final class SyntheticPredictions {
    static final List<String> CLASSES = List.of("Bearish", "Bullish", "Neutral");
    static final String MODEL_ID = "bench-overconfident";

    private final int[] labels;
    private final float[][] fp32;
    private final float[][] int4;
    private final long producedAt = Instant.now().toEpochMilli();

    SyntheticPredictions(int documents, long seed) {
        Random random = new Random(seed);
        labels = new int[documents];
        fp32 = new float[documents][];
        int4 = new float[documents][];
        for (int d = 0; d < documents; d++) {
            labels[d] = random.nextInt(CLASSES.size());
            fp32[d] = logits(labels[d], random);
            int4[d] = new float[fp32[d].length];
            for (int k = 0; k < fp32[d].length; k++) {
                int4[d][k] = (float) (fp32[d][k] + 0.1 * random.nextGaussian());
            }
        }
    }

    int documents() {
        return labels.length;
    }

    String id(int d) {
        return String.format(Locale.ROOT, "bench-doc-%07d", d);
    }

    int label(int d) {
        return labels[d];
    }

    /** The Kafka key of document {@code d}'s records: its id. */
    byte[] key(int d) {
        return id(d).getBytes(StandardCharsets.UTF_8);
    }

    /** Document {@code d}'s true class as a JSON label, the way the feedback topic takes it. */
    byte[] labelJson(int d) {
        return ("{\"id\": \"" + id(d) + "\", \"label\": " + label(d) + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** Document {@code d}'s probabilities from {@code variant}. */
    double[] probabilities(int d, Variant variant) {
        return Softmax.of(variant == Variant.FP32 ? fp32[d] : int4[d]);
    }

    Prediction prediction(int d, Variant variant) {
        float[] z = variant == Variant.FP32 ? fp32[d] : int4[d];
        List<Float> logits = new ArrayList<>(z.length);
        for (float v : z) {
            logits.add(v);
        }
        List<Double> probabilities = new ArrayList<>(z.length);
        for (double p : Softmax.of(z)) {
            probabilities.add(p);
        }
        return Prediction.newBuilder().setDocumentId(id(d)).setModelId(MODEL_ID).setVariant(variant)
                .setLabels(CLASSES).setProbabilities(probabilities).setLogits(logits)
                .setModelLatencyMicros(variant == Variant.FP32 ? 41_000 : 27_000).setBatchSize(32)
                .setProducedAt(Instant.ofEpochMilli(producedAt + d)).build();
    }

    /** A fuzzy calibrator fitted on 5,000 rows of the same generator with another seed. */
    static FittedCalibrator fitInitial(long seed) {
        Random random = new Random(seed);
        int n = 5000;
        double[][] p = new double[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(CLASSES.size());
            p[i] = Softmax.of(logits(y[i], random));
        }
        return CalibrationMethods.create(CalibrationMethods.FUZZY).fit(CalibrationSet.ofProbabilities(p, y), seed);
    }

    private static float[] logits(int y, Random random) {
        float[] z = new float[CLASSES.size()];
        for (int k = 0; k < z.length; k++) {
            z[k] = (float) (3 * ((k == y ? 1 : 0) + random.nextGaussian()));
        }
        return z;
    }
}
