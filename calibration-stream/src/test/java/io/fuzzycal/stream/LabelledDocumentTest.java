package io.fuzzycal.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fuzzycal.schemas.avro.Variant;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelledDocumentTest {
    private static void assertSame(LabelledDocument back, LabelledDocument doc) {
        assertThat(back.modelId()).isEqualTo(doc.modelId());
        assertThat(back.documentId()).isEqualTo(doc.documentId());
        assertThat(back.label()).isEqualTo(doc.label());
        assertThat(back.predictedAt()).isEqualTo(doc.predictedAt());
        assertThat(back.labelledAt()).isEqualTo(doc.labelledAt());
        assertThat(back.probabilities().keySet()).containsExactlyElementsOf(doc.probabilities().keySet());
        doc.probabilities().forEach((v, p) -> assertThat(back.probabilities().get(v)).containsExactly(p));
    }

    @Test
    void survivesItsBinaryForm() {
        Map<Variant, double[]> p = new EnumMap<>(Variant.class);
        p.put(Variant.INT4, new double[] {0.1, 0.2, 0.7});
        p.put(Variant.FP32, new double[] {1e-300, 0.5 - 1e-17, Math.nextDown(0.5)});
        LabelledDocument doc = new LabelledDocument("finbert-ß-v2", "tweet-«17»-😀", 2, -5L, Long.MAX_VALUE, p);

        byte[] bytes = doc.toBytes();
        LabelledDocument back = LabelledDocument.fromBytes(bytes);

        assertSame(back, doc);
        assertThat(back.toBytes()).isEqualTo(bytes);
    }

    @Test
    void oneVariantAndManyClassesSurvive() {
        double[] row = new double[40];
        for (int k = 0; k < row.length; k++) {
            row[k] = 1.0 / row.length;
        }
        LabelledDocument doc = new LabelledDocument("m", "d", 39, 1, 2, Map.of(Variant.FP32, row));
        assertSame(LabelledDocument.fromBytes(doc.toBytes()), doc);
    }

    @Test
    void idsBeyondSixtyFourKilobytesSurvive() {
        // DataOutputStream.writeUTF stops at 65535 bytes; a document id is whatever the producer sent
        LabelledDocument doc = new LabelledDocument("m".repeat(70_000), "é".repeat(40_000), 1, 1, 2,
                Map.of(Variant.FP32, new double[] {0.25, 0.75}));
        assertSame(LabelledDocument.fromBytes(doc.toBytes()), doc);
    }

    @Test
    void truncatedBytesAreRefused() {
        byte[] bytes = new LabelledDocument("model", "document", 0, 1, 2, Map.of(Variant.FP32, new double[] {1, 0}))
                .toBytes();
        assertThatThrownBy(() -> LabelledDocument.fromBytes(java.util.Arrays.copyOf(bytes, 12)))
                .isInstanceOf(java.io.UncheckedIOException.class);
    }

    @Test
    void theProbabilitiesAreACopyThatCannotBeChanged() {
        Map<Variant, double[]> p = new EnumMap<>(Variant.class);
        p.put(Variant.FP32, new double[] {0.5, 0.5});
        LabelledDocument doc = new LabelledDocument("m", "d", 0, 1, 2, p);
        p.put(Variant.INT4, new double[] {0.5, 0.5});
        assertThat(doc.probabilities()).containsOnlyKeys(Variant.FP32);
        assertThatThrownBy(() -> doc.probabilities().put(Variant.INT4, new double[2]))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void anUnknownFormatIsRefused() {
        byte[] bytes = new LabelledDocument("m", "d", 0, 1, 2, Map.of(Variant.FP32, new double[] {1, 0})).toBytes();
        bytes[0] = 9;
        assertThatThrownBy(() -> LabelledDocument.fromBytes(bytes)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("format 9");
    }
}
