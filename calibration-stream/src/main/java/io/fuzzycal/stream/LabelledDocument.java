package io.fuzzycal.stream;

import io.fuzzycal.schemas.avro.Variant;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * One labelled document of a model: its label and the raw probabilities of every variant that
 * scored it. The refit window holds these; FP32 rows are fitted on, every variant is evaluated.
 *
 * @param modelId the model (bundle) id
 * @param documentId the document
 * @param label true class index
 * @param predictedAt record time of the (latest) prediction
 * @param labelledAt record time of the label
 * @param probabilities raw probabilities per variant
 */
record LabelledDocument(String modelId, String documentId, int label, long predictedAt, long labelledAt,
                        Map<Variant, double[]> probabilities) {
    /** 2: ids as length-prefixed UTF-8 (format 1 used writeUTF, which fails on ids over 65535 bytes). */
    private static final byte FORMAT = 2;

    LabelledDocument {
        probabilities = Collections.unmodifiableMap(new EnumMap<>(probabilities));
    }

    /** Compact binary form for the internal repartition topic and the window store. */
    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 16 * probabilities.size() * 4);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            BinaryStrings.write(out, modelId);
            BinaryStrings.write(out, documentId);
            out.writeInt(label);
            out.writeLong(predictedAt);
            out.writeLong(labelledAt);
            out.writeByte(probabilities.size());
            for (Map.Entry<Variant, double[]> e : probabilities.entrySet()) {
                out.writeByte(e.getKey().ordinal());
                out.writeShort(e.getValue().length);
                for (double p : e.getValue()) {
                    out.writeDouble(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static LabelledDocument fromBytes(byte[] data) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalStateException("unknown labelled-document format " + format);
            }
            String modelId = BinaryStrings.read(in, "labelled document");
            String documentId = BinaryStrings.read(in, "labelled document");
            int label = in.readInt();
            long predictedAt = in.readLong();
            long labelledAt = in.readLong();
            int variants = in.readByte();
            Map<Variant, double[]> probabilities = new EnumMap<>(Variant.class);
            for (int v = 0; v < variants; v++) {
                Variant variant = Variant.values()[in.readByte()];
                double[] p = new double[in.readShort()];
                for (int k = 0; k < p.length; k++) {
                    p[k] = in.readDouble();
                }
                probabilities.put(variant, p);
            }
            return new LabelledDocument(modelId, documentId, label, predictedAt, labelledAt, probabilities);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
