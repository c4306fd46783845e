package io.fuzzycal.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SentencePoolingTest {
    private static ModelProto pooled;

    @BeforeAll
    static void compose() throws IOException {
        try (InputStream in = MiniLmResources.open(MiniLmResources.ENCODER)) {
            pooled = SentencePooling.appendTo(OnnxModelFile.read(in));
        }
    }

    @Test
    void paddingDoesNotChangeAnEmbeddingAndEmbeddingsHaveUnitLength() throws IOException {
        String shortText = "Shares soar";
        String longText = "Shares soar after the company reported record quarterly profit and raised its full-year outlook";
        try (EmbeddingExtractor extractor = new EmbeddingExtractor(pooled, 128, 32, 1)) {
            float[] alone = extractor.embed(List.of(shortText), "t", ProgressListener.SILENT)[0];
            // in one batch with a longer text, the short one is padded
            float[][] together = extractor.embed(List.of(longText, shortText), "t", ProgressListener.SILENT);
            assertThat(alone).hasSize(384);
            for (int j = 0; j < alone.length; j++) {
                assertThat(together[1][j]).isCloseTo(alone[j], within(1e-5f));
            }
            for (float[] e : new float[][] {alone, together[0]}) {
                double norm = 0;
                for (float v : e) {
                    norm += v * v;
                }
                assertThat(Math.sqrt(norm)).isCloseTo(1.0, within(1e-5));
            }
        }
    }

    @Test
    void thePooledGraphHasOneOutput() {
        assertThat(pooled.getGraph().getOutputList()).extracting(o -> o.getName()).containsExactly("pooled");
        assertThat(SentencePooling.width(pooled)).isEqualTo(384);
    }

    @Test
    void aHeadOfTheWrongWidthIsRefused() {
        LinearHead narrow = new LinearHead(new double[][] {{1, 2}}, new double[] {0, 0});
        assertThatThrownBy(() -> narrow.appendTo(pooled)).hasMessageContaining("width 384 but the head takes 1");
    }
}
