package io.fuzzycal.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Hugging Face fast tokenizer (DJL) with an explicit maximum length, truncation on and padding
 * off: the engine pads each batch only as far as its longest text, whatever tokenizer.json says.
 */
final class TextEncoder implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;

    TextEncoder(Path tokenizerJson, int maxLength) throws IOException {
        this.tokenizer = HuggingFaceTokenizer.builder()
                .optTokenizerPath(tokenizerJson)
                .optMaxLength(maxLength)
                .optTruncation(true)
                .optPadding(false)
                .optAddSpecialTokens(true)
                .build();
    }

    /** Guarded: the engine may score its variants on two threads at once, each tokenizing its texts. */
    synchronized List<TokenIds> encode(List<String> texts) {
        List<TokenIds> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null) {
                throw new IllegalArgumentException("text " + i + " is null");
            }
            Encoding e = tokenizer.encode(text);
            out.add(new TokenIds(e.getIds(), e.getTypeIds()));
        }
        return out;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
