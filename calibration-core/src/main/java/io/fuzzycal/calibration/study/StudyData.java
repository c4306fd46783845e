package io.fuzzycal.calibration.study;

import io.fuzzycal.calibration.CalibrationSet;
import java.util.Arrays;

/**
 * The outputs of the FP32 and the INT4 model for the same labelled texts, row for row.
 */
public record StudyData(CalibrationSet fp32, CalibrationSet int4) {
    public StudyData {
        if (!fp32.isLabelled() || !int4.isLabelled()) {
            throw new IllegalArgumentException("the study needs labelled FP32 and INT4 outputs");
        }
        if (fp32.size() != int4.size() || fp32.numClasses() != int4.numClasses()) {
            throw new IllegalArgumentException("FP32 has " + fp32.size() + " rows of " + fp32.numClasses()
                    + " classes but INT4 has " + int4.size() + " rows of " + int4.numClasses());
        }
        if (!Arrays.equals(fp32.labels(), int4.labels())) {
            throw new IllegalArgumentException("FP32 and INT4 rows must carry the same labels in the same order");
        }
    }

    /** Share of rows whose top class is the same for both models. */
    public double argmaxAgreement() {
        double[][] a = fp32.probabilities();
        double[][] b = int4.probabilities();
        int same = 0;
        for (int i = 0; i < a.length; i++) {
            if (argmax(a[i]) == argmax(b[i])) {
                same++;
            }
        }
        return (double) same / a.length;
    }

    static int argmax(double[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return best;
    }
}
