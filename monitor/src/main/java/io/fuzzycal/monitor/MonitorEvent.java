package io.fuzzycal.monitor;

import io.fuzzycal.schemas.avro.Variant;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * What the join step tells the window step about one model, on the internal topic keyed by model id.
 *
 * @param kind what happened
 * @param modelId the model
 * @param variant the variant scored (for {@link Kind#PAIR}: INT4)
 * @param calibratorVersion the calibrator version applied
 * @param label the true class for {@link Kind#LABELLED}, else -1
 * @param raw raw probabilities (empty for a pair)
 * @param calibrated calibrated probabilities (empty for a pair)
 * @param disagree for a pair: whether the FP32 and INT4 raw argmax differ
 */
record MonitorEvent(Kind kind, String modelId, Variant variant, long calibratorVersion, int label, double[] raw,
                    double[] calibrated, boolean disagree) {
    private static final byte FORMAT = 1;
    private static final double[] NONE = new double[0];

    enum Kind {
        /** A calibrated prediction, labelled or not yet: feeds the label-free signals. */
        PREDICTION,
        /** A prediction joined to its label: feeds the calibration metrics. */
        LABELLED,
        /** The second variant of a document arrived: feeds the FP32/INT4 disagreement. */
        PAIR
    }

    static MonitorEvent prediction(String modelId, Variant variant, long version, double[] raw, double[] calibrated) {
        return new MonitorEvent(Kind.PREDICTION, modelId, variant, version, -1, raw, calibrated, false);
    }

    static MonitorEvent labelled(String modelId, Variant variant, long version, int label, double[] raw,
                                 double[] calibrated) {
        return new MonitorEvent(Kind.LABELLED, modelId, variant, version, label, raw, calibrated, false);
    }

    static MonitorEvent pair(String modelId, boolean disagree) {
        return new MonitorEvent(Kind.PAIR, modelId, Variant.INT4, 0, -1, NONE, NONE, disagree);
    }

    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + modelId.length() + 16 * raw.length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeByte(kind.ordinal());
            byte[] id = modelId.getBytes(StandardCharsets.UTF_8);
            out.writeInt(id.length);
            out.write(id);
            out.writeByte(variant.ordinal());
            out.writeLong(calibratorVersion);
            out.writeInt(label);
            out.writeBoolean(disagree);
            writeProbabilities(out, raw, calibrated);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static MonitorEvent fromBytes(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (in.readByte() != FORMAT) {
                throw new IllegalStateException("unknown monitor event format");
            }
            Kind kind = Kind.values()[in.readByte()];
            String modelId = new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
            Variant variant = Variant.values()[in.readByte()];
            long version = in.readLong();
            int label = in.readInt();
            boolean disagree = in.readBoolean();
            double[][] p = readProbabilities(in);
            return new MonitorEvent(kind, modelId, variant, version, label, p[0], p[1], disagree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Raw and calibrated probabilities of one prediction, interleaved after their count. */
    static void writeProbabilities(DataOutputStream out, double[] raw, double[] calibrated) throws IOException {
        out.writeShort(raw.length);
        for (int k = 0; k < raw.length; k++) {
            out.writeDouble(raw[k]);
            out.writeDouble(calibrated[k]);
        }
    }

    /** {@code {raw, calibrated}} as {@link #writeProbabilities} wrote them. */
    static double[][] readProbabilities(DataInputStream in) throws IOException {
        int c = in.readShort();
        double[][] p = new double[2][c];
        for (int k = 0; k < c; k++) {
            p[0][k] = in.readDouble();
            p[1][k] = in.readDouble();
        }
        return p;
    }
}
