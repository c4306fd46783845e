package io.fuzzycal.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Small calibration CSVs from an over-confident 3-class model, written deterministically. */
final class SyntheticCsv {
    private SyntheticCsv() {
    }

    /**
     * @param labelled whether to write the label column
     * @param withId whether to write an {@code id} and a {@code text} column first
     */
    static Path write(Path file, int rows, long seed, boolean labelled, boolean withId) throws IOException {
        Random random = new Random(seed);
        StringBuilder s = new StringBuilder(withId ? "id,text," : "").append("p_0,p_1,p_2").append(labelled ? ",label" : "")
                .append('\n');
        for (int i = 0; i < rows; i++) {
            int y = random.nextDouble() < 0.5 ? 2 : random.nextInt(2);
            double[] z = new double[3];
            for (int k = 0; k < 3; k++) {
                z[k] = random.nextGaussian() + (k == y ? 1.0 : 0.0);
            }
            double[] p = softmax(z, 3.0); // sharpened: over-confident
            if (withId) {
                s.append("doc-").append(i).append(",\"tweet, number ").append(i).append("\",");
            }
            s.append(p[0]).append(',').append(p[1]).append(',').append(p[2]);
            if (labelled) {
                s.append(',').append(y);
            }
            s.append('\n');
        }
        return Files.writeString(file, s);
    }

    private static double[] softmax(double[] z, double sharpness) {
        double max = Math.max(z[0], Math.max(z[1], z[2]));
        double sum = 0;
        double[] p = new double[z.length];
        for (int k = 0; k < z.length; k++) {
            p[k] = Math.exp(sharpness * (z[k] - max));
            sum += p[k];
        }
        for (int k = 0; k < z.length; k++) {
            p[k] /= sum;
        }
        return p;
    }
}
