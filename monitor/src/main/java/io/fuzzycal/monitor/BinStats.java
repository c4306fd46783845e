package io.fuzzycal.monitor;

import io.fuzzycal.calibration.CalibrationSet;
import io.fuzzycal.calibration.metrics.CalibrationMeasures;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Mergeable sufficient statistics of one (model, variant, stage) over a stretch of time or records:
 * per equal-width confidence bin the count, confidence sums and hits; per class and bin the sums
 * classwise ECE needs; Brier and NLL sums; and, from predictions alone, the label-free signals. An
 * event costs O(bins + classes); two stretches merge by adding. Mutable, confined to one stream task.
 */
final class BinStats {
    final int bins;
    final int classes;
    // labelled predictions
    long n;
    long correct;
    double brier;
    double nll;
    final long[] count;
    final double[] conf;
    final double[] confOfHits;
    final long[] hits;
    final double[] classP;
    final long[] classY;
    // every prediction, labelled or not
    long predictions;
    double confidence;
    final long[] predicted;
    double estimatedHits;
    final double[] estConf;
    final double[] estHits;
    long minVersion = Long.MAX_VALUE;
    long maxVersion = Long.MIN_VALUE;

    BinStats(int bins, int classes) {
        this.bins = bins;
        this.classes = classes;
        count = new long[bins];
        conf = new double[bins];
        confOfHits = new double[bins];
        hits = new long[bins];
        classP = new double[classes * bins];
        classY = new long[classes * bins];
        predicted = new long[classes];
        estConf = new double[bins];
        estHits = new double[bins];
    }

    /** Adds ({@code sign} 1) or removes ({@code sign} −1) one labelled row. */
    void labelled(double[] p, int y, int sign) {
        int k = argmax(p);
        double c = p[k];
        int b = bin(c, bins);
        boolean hit = k == y;
        n += sign;
        count[b] += sign;
        conf[b] += sign * c;
        if (hit) {
            correct += sign;
            hits[b] += sign;
            confOfHits[b] += sign * c;
        }
        double sq = 0;
        for (int j = 0; j < classes; j++) {
            double d = j == y ? p[j] - 1 : p[j];
            sq += d * d;
            int cell = j * bins + bin(p[j], bins);
            classP[cell] += sign * p[j];
            if (j == y) {
                classY[cell] += sign;
            }
        }
        brier += sign * sq;
        nll -= sign * Math.log(Math.max(p[y], CalibrationSet.PROB_FLOOR));
    }

    /**
     * Adds one prediction: {@code p} the probabilities of this stage, {@code q} the calibrated ones,
     * whose value at p's predicted class estimates the chance that class is right.
     */
    void prediction(double[] p, double[] q, long version) {
        int k = argmax(p);
        int b = bin(p[k], bins);
        predictions++;
        confidence += p[k];
        predicted[k]++;
        estimatedHits += q[k];
        estConf[b] += p[k];
        estHits[b] += q[k];
        minVersion = Math.min(minVersion, version);
        maxVersion = Math.max(maxVersion, version);
    }

    void merge(BinStats o) {
        if (o.bins != bins || o.classes != classes) {
            throw new IllegalArgumentException("cannot merge " + o.classes + " classes into " + classes);
        }
        n += o.n;
        correct += o.correct;
        brier += o.brier;
        nll += o.nll;
        for (int b = 0; b < bins; b++) {
            count[b] += o.count[b];
            conf[b] += o.conf[b];
            confOfHits[b] += o.confOfHits[b];
            hits[b] += o.hits[b];
            estConf[b] += o.estConf[b];
            estHits[b] += o.estHits[b];
        }
        for (int i = 0; i < classP.length; i++) {
            classP[i] += o.classP[i];
            classY[i] += o.classY[i];
        }
        predictions += o.predictions;
        confidence += o.confidence;
        for (int k = 0; k < classes; k++) {
            predicted[k] += o.predicted[k];
        }
        estimatedHits += o.estimatedHits;
        minVersion = Math.min(minVersion, o.minVersion);
        maxVersion = Math.max(maxVersion, o.maxVersion);
    }

    BinStats copy() {
        BinStats c = new BinStats(bins, classes);
        c.merge(this);
        return c;
    }

    void write(DataOutputStream out) throws IOException {
        out.writeShort(bins);
        out.writeShort(classes);
        out.writeLong(n);
        out.writeLong(correct);
        out.writeDouble(brier);
        out.writeDouble(nll);
        for (int b = 0; b < bins; b++) {
            out.writeLong(count[b]);
            out.writeDouble(conf[b]);
            out.writeDouble(confOfHits[b]);
            out.writeLong(hits[b]);
            out.writeDouble(estConf[b]);
            out.writeDouble(estHits[b]);
        }
        for (int i = 0; i < classP.length; i++) {
            out.writeDouble(classP[i]);
            out.writeLong(classY[i]);
        }
        out.writeLong(predictions);
        out.writeDouble(confidence);
        for (long v : predicted) {
            out.writeLong(v);
        }
        out.writeDouble(estimatedHits);
        out.writeLong(minVersion);
        out.writeLong(maxVersion);
    }

    static BinStats read(DataInputStream in) throws IOException {
        BinStats s = new BinStats(in.readShort(), in.readShort());
        s.n = in.readLong();
        s.correct = in.readLong();
        s.brier = in.readDouble();
        s.nll = in.readDouble();
        for (int b = 0; b < s.bins; b++) {
            s.count[b] = in.readLong();
            s.conf[b] = in.readDouble();
            s.confOfHits[b] = in.readDouble();
            s.hits[b] = in.readLong();
            s.estConf[b] = in.readDouble();
            s.estHits[b] = in.readDouble();
        }
        for (int i = 0; i < s.classP.length; i++) {
            s.classP[i] = in.readDouble();
            s.classY[i] = in.readLong();
        }
        s.predictions = in.readLong();
        s.confidence = in.readDouble();
        for (int k = 0; k < s.classes; k++) {
            s.predicted[k] = in.readLong();
        }
        s.estimatedHits = in.readDouble();
        s.minVersion = in.readLong();
        s.maxVersion = in.readLong();
        return s;
    }

    static int argmax(double[] p) {
        return CalibrationMeasures.argmax(p);
    }

    static int bin(double v, int bins) {
        return CalibrationMeasures.bin(v, bins);
    }
}
