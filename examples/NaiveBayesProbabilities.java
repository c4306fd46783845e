import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Makes the example calibration files from a real model on real data: a multinomial naive Bayes
 * classifier (lower-cased word tokens, Laplace smoothing) trained on {@code train.csv} of the
 * financial tweets, whose class probabilities on {@code valid.csv} become {@code cal.csv} (first
 * half of the rows) and {@code test.csv} (second half). Naive Bayes multiplies word likelihoods as
 * if words were independent, so it is far more confident than it is accurate: a fitting demo.
 *
 * <p>Runs with no dependencies and no build, and writes the same bytes on every run:
 * {@code java examples/NaiveBayesProbabilities.java data/tfns examples}
 */
public class NaiveBayesProbabilities {
    private static final int CLASSES = 3;
    private static final MathContext SIX_DIGITS = new MathContext(6);

    record Example(String text, int label) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java examples/NaiveBayesProbabilities.java <data dir> <output dir>");
            System.exit(2);
        }
        Path data = Path.of(args[0]);
        Path out = Path.of(args[1]);
        List<Example> train = readExamples(data.resolve("train.csv"));
        List<Example> valid = readExamples(data.resolve("valid.csv"));
        NaiveBayes model = NaiveBayes.train(train);
        int half = valid.size() / 2;
        write(out.resolve("cal.csv"), model, valid.subList(0, half));
        write(out.resolve("test.csv"), model, valid.subList(half, valid.size()));
        System.err.printf(Locale.ROOT, "trained on %d tweets (%d distinct tokens); wrote %d rows to %s and %d to %s%n",
                train.size(), model.vocabularySize(), half, out.resolve("cal.csv"), valid.size() - half,
                out.resolve("test.csv"));
    }

    /** Multinomial naive Bayes with add-one (Laplace) smoothing. */
    static final class NaiveBayes {
        private final Map<String, int[]> tokenCounts;
        private final double[] logPrior = new double[CLASSES];
        private final double[] logDenominator = new double[CLASSES];

        private NaiveBayes(Map<String, int[]> tokenCounts, int[] docs, long[] tokens, int n) {
            this.tokenCounts = tokenCounts;
            for (int c = 0; c < CLASSES; c++) {
                logPrior[c] = Math.log((double) docs[c] / n);
                logDenominator[c] = Math.log(tokens[c] + tokenCounts.size());
            }
        }

        static NaiveBayes train(List<Example> examples) {
            Map<String, int[]> counts = new HashMap<>();
            int[] docs = new int[CLASSES];
            long[] tokens = new long[CLASSES];
            for (Example e : examples) {
                docs[e.label()]++;
                for (String t : tokenize(e.text())) {
                    counts.computeIfAbsent(t, k -> new int[CLASSES])[e.label()]++;
                    tokens[e.label()]++;
                }
            }
            return new NaiveBayes(counts, docs, tokens, examples.size());
        }

        int vocabularySize() {
            return tokenCounts.size();
        }

        /** Posterior class probabilities; tokens never seen in training are skipped. */
        double[] probabilities(String text) {
            double[] score = logPrior.clone();
            for (String t : tokenize(text)) {
                int[] n = tokenCounts.get(t);
                if (n == null) {
                    continue;
                }
                for (int c = 0; c < CLASSES; c++) {
                    score[c] += Math.log(n[c] + 1) - logDenominator[c];
                }
            }
            double max = Double.NEGATIVE_INFINITY;
            for (double s : score) {
                max = Math.max(max, s);
            }
            double sum = 0;
            double[] p = new double[CLASSES];
            for (int c = 0; c < CLASSES; c++) {
                p[c] = Math.exp(score[c] - max);
                sum += p[c];
            }
            for (int c = 0; c < CLASSES; c++) {
                p[c] /= sum;
            }
            return p;
        }
    }

    static List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        for (String t : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}$]+")) {
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    static void write(Path file, NaiveBayes model, List<Example> rows) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("p_0,p_1,p_2,label\n");
            for (Example e : rows) {
                double[] p = model.probabilities(e.text());
                for (int c = 0; c < CLASSES; c++) {
                    w.write(new BigDecimal(p[c]).round(SIX_DIGITS).stripTrailingZeros().toString());
                    w.write(',');
                }
                w.write(Integer.toString(e.label()));
                w.write('\n');
            }
        }
    }

    /** Reads a {@code text,label} CSV: RFC 4180 quoting, with line breaks and doubled quotes inside quotes. */
    static List<Example> readExamples(Path file) throws IOException {
        List<List<String>> records = parseCsv(Files.readString(file, StandardCharsets.UTF_8));
        List<String> header = records.get(0);
        int text = header.indexOf("text");
        int label = header.indexOf("label");
        if (text < 0 || label < 0) {
            throw new IOException(file + ": expected a header with text and label, got " + header);
        }
        List<Example> out = new ArrayList<>();
        for (List<String> r : records.subList(1, records.size())) {
            out.add(new Example(r.get(text), Integer.parseInt(r.get(label).trim())));
        }
        return out;
    }

    static List<List<String>> parseCsv(String s) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false; // whether the current record has started
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (quoted) {
                if (ch != '"') {
                    field.append(ch);
                } else if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else {
                    quoted = false;
                }
            } else if (ch == '"') {
                quoted = true;
                any = true;
            } else if (ch == ',') {
                record.add(field.toString());
                field.setLength(0);
                any = true;
            } else if (ch == '\r' || ch == '\n') {
                if (ch == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                    i++;
                }
                if (any || field.length() > 0) {
                    record.add(field.toString());
                    records.add(record);
                }
                record = new ArrayList<>();
                field.setLength(0);
                any = false;
            } else {
                field.append(ch);
                any = true;
            }
        }
        if (any || field.length() > 0) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}
