package io.fuzzycal.calibration.research;

import io.fuzzycal.calibration.CalibrationMethods;
import io.fuzzycal.calibration.CalibrationSet;
import io.fuzzycal.calibration.FuzzyGatedCalibrator;
import io.fuzzycal.calibration.FuzzyOptions;
import io.fuzzycal.calibration.stats.MeanAndError;
import io.fuzzycal.calibration.stats.PairedDifference;
import io.fuzzycal.calibration.study.SplitResult;
import io.fuzzycal.calibration.study.SplitSettings;
import io.fuzzycal.calibration.study.SplitStudy;
import io.fuzzycal.calibration.study.StudyData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Not a test: the harness behind docs/study.md's "what was tried" table. Runs fuzzy fit variants
 * against dirichlet and temperature on paired splits of a study's cached probabilities.
 * {@code java -cp calibration-core/target/classes:calibration-core/target/test-classes
 * io.fuzzycal.calibration.research.FuzzyResearch fp32.csv int4.csv splits size variant...}
 */
public final class FuzzyResearch {
    private FuzzyResearch() {
    }

    public static void main(String[] args) throws IOException {
        StudyData data = new StudyData(read(Path.of(args[0])), read(Path.of(args[1])));
        int splits = Integer.parseInt(args[2]);
        int size = Integer.parseInt(args[3]);
        Map<String, FuzzyOptions> all = variants();
        List<SplitStudy.Candidate> candidates = new ArrayList<>();
        candidates.add(new SplitStudy.Candidate("temperature", CalibrationMethods.create("temperature")));
        candidates.add(new SplitStudy.Candidate("dirichlet", CalibrationMethods.create("dirichlet")));
        for (int i = 4; i < args.length; i++) {
            String v = args[i];
            if (v.startsWith("auto:")) {
                candidates.add(new SplitStudy.Candidate(v, new io.fuzzycal.calibration.AutoCalibrator(
                        autoSpec(v.substring(5)), io.fuzzycal.calibration.MethodOptions.defaults())));
            } else if (v.startsWith("spec:")) {
                candidates.add(new SplitStudy.Candidate(v.substring(5), new FuzzyGatedCalibrator(spec(v.substring(5)))));
            } else if (all.containsKey(v)) {
                candidates.add(new SplitStudy.Candidate(v, new FuzzyGatedCalibrator(all.get(v))));
            } else {
                candidates.add(new SplitStudy.Candidate(v, CalibrationMethods.create(v)));
            }
        }
        SplitSettings settings = SplitSettings.defaults().withSplits(splits).withCalibrationSizes(List.of(size));
        SplitResult r = SplitStudy.run(data, settings, candidates, SplitStudy.Progress.NONE);
        SplitResult.SizeRun run = r.sizes().get(0);
        System.out.printf(Locale.ROOT, "%d splits, %d calibration rows, %d test rows%n", splits, run.calibrationRows(),
                run.testRows());
        System.out.println("| variant | ECE FP32 | ECE INT4 | NLL FP32 | − dirichlet FP32 (wins) | − dirichlet INT4 (wins)"
                + " | − temperature FP32 (wins) | − temperature INT4 (wins) | fit s |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (SplitResult.MethodSeries m : run.methods()) {
            SplitResult.MethodSeries d = run.method("dirichlet").orElseThrow();
            SplitResult.MethodSeries t = run.method("temperature").orElseThrow();
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %.3f |%n", m.method(),
                    me(m.meanEceFp32()), me(m.meanEceInt4()), me(m.meanNllFp32()),
                    pd(PairedDifference.of(m.eceFp32(), d.eceFp32())), pd(PairedDifference.of(m.eceInt4(), d.eceInt4())),
                    pd(PairedDifference.of(m.eceFp32(), t.eceFp32())), pd(PairedDifference.of(m.eceInt4(), t.eceInt4())),
                    MeanAndError.of(m.fitSeconds()).mean());
        }
    }

    static Map<String, FuzzyOptions> variants() {
        Map<String, FuzzyOptions> v = new LinkedHashMap<>();
        FuzzyOptions research = FuzzyOptions.research();
        v.put("fuzzy-research", research);
        FuzzyOptions all = research.withAllRows();
        v.put("all-rows", all);
        v.put("all-rows+ordered", all.withOrderedCentres(true));
        v.put("all-rows+bias", all.withBiasRefit(true));
        v.put("all-rows+ordered+bias", all.withOrderedCentres(true).withBiasRefit(true));
        for (double l2 : new double[] {1e-4, 1e-3, 1e-2, 1e-1}) {
            FuzzyOptions d = all.withStart(FuzzyOptions.Start.DIRICHLET).withL2(l2);
            v.put("dir-start-l2=" + l2, d);
            v.put("dir-start-l2=" + l2 + "+ordered", d.withOrderedCentres(true));
            v.put("dir-start-l2=" + l2 + "+ordered+bias", d.withOrderedCentres(true).withBiasRefit(true));
            v.put("dir-start-l2=" + l2 + "+ordered+bias+es", research.withStart(FuzzyOptions.Start.DIRICHLET).withL2(l2)
                    .withOrderedCentres(true).withBiasRefit(true));
        }
        for (double l2 : new double[] {1e-2, 1e-1, 1.0}) {
            FuzzyOptions t = all.withStart(FuzzyOptions.Start.TEMPERATURE).withL2(l2).withOrderedCentres(true);
            v.put("temp-start-l2=" + l2 + "+ordered", t);
            v.put("temp-start-l2=" + l2 + "+ordered+bias", t.withBiasRefit(true));
            v.put("temp-start-l2=" + l2 + "+ordered+es", research.withStart(FuzzyOptions.Start.TEMPERATURE).withL2(l2)
                    .withOrderedCentres(true));
            v.put("dir-start-l2=" + l2 + "+ordered+es", research.withStart(FuzzyOptions.Start.DIRICHLET).withL2(l2)
                    .withOrderedCentres(true));
            v.put("dir-start-l2=" + l2 + "+es", research.withStart(FuzzyOptions.Start.DIRICHLET).withL2(l2));
        }
        v.put("dir-start-l2=1.0+ordered+bias", all.withStart(FuzzyOptions.Start.DIRICHLET).withL2(1.0)
                .withOrderedCentres(true).withBiasRefit(true));
        v.put("nll-only-dir-start-l2=0.1+ordered", all.withStart(FuzzyOptions.Start.DIRICHLET).withL2(0.1)
                .withOrderedCentres(true).withWeights(new io.fuzzycal.calibration.LossWeights(1, 0, 0, 0)));
        for (int k : new int[] {3, 7}) {
            v.put("k" + k + "-dir-start-l2=0.01+ordered+bias", all.withStart(FuzzyOptions.Start.DIRICHLET).withL2(1e-2)
                    .withOrderedCentres(true).withBiasRefit(true).withRegions(k));
        }
        for (int e : new int[] {50, 100, 400}) {
            v.put("e" + e + "-dir-start-l2=0.01+ordered+bias", all.withStart(FuzzyOptions.Start.DIRICHLET).withL2(1e-2)
                    .withOrderedCentres(true).withBiasRefit(true).withMaxEpochs(e).withPatience(e));
        }
        return v;
    }

    /**
     * {@code start=dir|temp|id|auto;l2=x;rows=x;ordered;bias;epochs=n;es;k=n;lr=x;anchors=a+b;rule=R}: all rows
     * unless es; {@code anchors} (e.g. {@code temperature+dirichlet}) and {@code rule} ({@code ONE_SE},
     * {@code PAIRED_ONE_SE}, {@code LOWEST}) set how {@code start=auto} chooses.
     */
    static FuzzyOptions spec(String text) {
        FuzzyOptions o = FuzzyOptions.research();
        boolean es = false;
        int epochs = 200;
        for (String part : text.split(";")) {
            String[] kv = part.split("=");
            switch (kv[0]) {
                case "start" -> o = o.withStart(switch (kv[1]) {
                    case "dir" -> FuzzyOptions.Start.DIRICHLET;
                    case "temp" -> FuzzyOptions.Start.TEMPERATURE;
                    case "auto" -> FuzzyOptions.Start.AUTO;
                    default -> FuzzyOptions.Start.IDENTITY;
                });
                case "l2" -> o = o.withL2(Double.parseDouble(kv[1]));
                case "ordered" -> o = o.withOrderedCentres(true);
                case "bias" -> o = o.withBiasRefit(true);
                case "epochs" -> epochs = Integer.parseInt(kv[1]);
                case "es" -> es = true;
                case "k" -> o = o.withRegions(Integer.parseInt(kv[1]));
                case "lr" -> o = o.withLearningRate(Double.parseDouble(kv[1]));
                case "rows" -> o = o.withShrinkageRows(Double.parseDouble(kv[1]));
                case "anchors" -> o = o.withStartChoice(o.startChoice().withCandidates(List.of(kv[1].split("\\+"))));
                case "rule" -> o = o.withStartChoice(o.startChoice().withRule(
                        io.fuzzycal.calibration.AutoOptions.Rule.valueOf(kv[1])));
                default -> throw new IllegalArgumentException(part);
            }
        }
        o = o.withMaxEpochs(epochs);
        return es ? o : o.withAllRows();
    }

    /** {@code criterion=ECE|NLL|BY_SIZE;rule=ONE_SE|PAIRED_ONE_SE|LOWEST}, on top of auto's defaults. */
    static io.fuzzycal.calibration.AutoOptions autoSpec(String text) {
        io.fuzzycal.calibration.AutoOptions o = io.fuzzycal.calibration.AutoOptions.defaults();
        for (String part : text.split(";")) {
            String[] kv = part.split("=");
            switch (kv[0]) {
                case "criterion" -> o = o.withCriterion(io.fuzzycal.calibration.AutoOptions.Criterion.valueOf(kv[1]));
                case "rule" -> o = o.withRule(io.fuzzycal.calibration.AutoOptions.Rule.valueOf(kv[1]));
                default -> throw new IllegalArgumentException(part);
            }
        }
        return o;
    }

    private static String me(MeanAndError m) {
        return String.format(Locale.ROOT, "%.4f ± %.4f", m.mean(), m.standardError());
    }

    private static String pd(PairedDifference d) {
        return String.format(Locale.ROOT, "%+.4f ± %.4f (%d/%d)", d.mean(), d.standardError(), d.wins(), d.n());
    }

    /** p_0..p_{C-1},label with a header; the format the study caches. */
    static CalibrationSet read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        int c = lines.get(0).split(",").length - 1;
        double[][] p = new double[lines.size() - 1][c];
        int[] y = new int[lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            for (int k = 0; k < c; k++) {
                p[i - 1][k] = Double.parseDouble(f[k]);
            }
            y[i - 1] = Integer.parseInt(f[c].trim());
        }
        return CalibrationSet.ofProbabilities(p, y);
    }
}
