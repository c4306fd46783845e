package io.fuzzycal.model;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Pooled MiniLM sentence embeddings, computed by the encoder + mean-pooling graph (output
 * {@code pooled}) that the default model's classifier is built on, so the head is trained on exactly
 * what the exported graph will feed it. Length-grouped batches in a fixed order and a fixed thread
 * count make the embeddings repeatable.
 */
final class EmbeddingExtractor implements AutoCloseable {
    private final TextEncoder encoder;
    private final GraphRunner runner;
    private final int batchSize;

    EmbeddingExtractor(ModelProto pooledGraph, int maxLength, int batchSize, int intraOpThreads) throws IOException {
        this.batchSize = batchSize;
        Path tokenizer = Files.createTempFile("fuzzycal-tokenizer", ".json");
        try (InputStream in = MiniLmResources.open(MiniLmResources.TOKENIZER)) {
            Files.copy(in, tokenizer, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            this.encoder = new TextEncoder(tokenizer, maxLength);
        } finally {
            Files.deleteIfExists(tokenizer);
        }
        try {
            SessionFactory sessions = new SessionFactory(Device.CPU, intraOpThreads);
            this.runner = new GraphRunner(sessions.open(SessionFactory.ModelSource.bytes(pooledGraph.toByteArray())),
                    SentencePooling.OUTPUT, "the pooled MiniLM graph");
        } catch (OrtException e) {
            encoder.close();
            throw new IOException("cannot open the pooled MiniLM graph: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            encoder.close();
            throw e;
        }
    }

    /** One embedding per text, in input order. */
    float[][] embed(List<String> texts, String stage, ProgressListener progress) throws IOException {
        List<TokenIds> encoded = encoder.encode(texts);
        int[] lengths = encoded.stream().mapToInt(TokenIds::length).toArray();
        try {
            return runner.run(encoded, BatchPlan.of(lengths, batchSize, BatchOrder.LENGTH_GROUPED), progress, stage);
        } catch (OrtException e) {
            throw new IOException("embedding failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            runner.close();
        } catch (OrtException e) {
            throw new IOException("closing the pooled MiniLM session failed", e);
        } finally {
            encoder.close();
        }
    }
}
