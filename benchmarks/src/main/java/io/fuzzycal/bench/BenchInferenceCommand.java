package io.fuzzycal.bench;

import io.fuzzycal.model.BatchOrder;
import io.fuzzycal.model.EngineOptions;
import io.fuzzycal.model.InferenceEngine;
import io.fuzzycal.model.ModelBundle;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fuzzycal bench inference}: sentences/s of FP32 and INT4 (per accuracy level) at each batch
 * size, in arrival order and length-grouped. Each configuration gets an engine of its own holding
 * only that model (batch size and order are engine options), warmed up with one untimed pass over
 * the texts. Then {@code --repeat} rounds each time one pass of every configuration, so that a
 * configuration's passes are spread over the whole run, and the best pass is reported: on a shared
 * machine, other work only ever slows a pass down. A pass is one {@code classify} call over all the
 * texts, so tokenization, padding and softmax are included.
 */
@Command(name = "inference",
        mixinStandardHelpOptions = true,
        description = {"Measures sentences/s of the FP32 and INT4 models (MatMulNBits accuracy levels 0 and 4)"
                + " at each batch size, with batches in arrival order and length-grouped.",
            "Every configuration gets an engine of its own (all stay open during the run), warmed up with one untimed"
                    + " pass over the texts; then --repeat rounds time one pass of each configuration, and the best"
                    + " pass is reported. Also prints the model file sizes and which targets are met. Progress goes to"
                    + " stderr, the report to stdout."})
final class BenchInferenceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    BenchModelOptions modelOptions;

    @Option(names = "--data", paramLabel = "<csv>",
            description = "Texts (columns text,label). Default: the financial tweets' validation split shipped with fuzzycal.")
    Path data;

    @Option(names = "--texts", defaultValue = "512", paramLabel = "<n>",
            description = "Time the first n texts. Default: ${DEFAULT-VALUE}.")
    int texts;

    @Option(names = "--batch-sizes", split = ",", defaultValue = "1,8,32", paramLabel = "<n>",
            description = "Batch sizes. Default: ${DEFAULT-VALUE}.")
    List<Integer> batchSizes;

    @Option(names = "--repeat", defaultValue = "3", paramLabel = "<n>",
            description = "Timed rounds: passes per configuration; the best is reported. Default: ${DEFAULT-VALUE}.")
    int repeat;

    @Option(names = "--accuracy-levels", split = ",", defaultValue = "0,4", paramLabel = "<level>",
            description = "INT4 MatMulNBits accuracy levels: 0 (float compute), 4 (int8 activations). The bundle's"
                    + " INT4 file serves its own level; others are quantized from model.onnx into a temporary folder."
                    + " Default: ${DEFAULT-VALUE}.")
    List<Integer> accuracyLevels;

    @Override
    public Integer call() throws IOException {
        if (repeat < 1) {
            throw new ParameterException(spec.commandLine(), "--repeat must be >= 1, got " + repeat);
        }
        for (int b : batchSizes) {
            if (b < 1) {
                throw new ParameterException(spec.commandLine(), "--batch-sizes must be >= 1, got " + b);
            }
        }
        BenchModels.checkLevels(spec.commandLine(), accuracyLevels);
        Consumer<String> progress = BenchInputs.lines(spec.commandLine().getErr());
        ModelBundle model = modelOptions.load(progress);
        List<String> sample = BenchInputs.texts(spec.commandLine(), data, model.numLabels(), texts);

        List<ThroughputReport.Row> rows = new ArrayList<>();
        List<ThroughputReport.ModelSize> sizes = new ArrayList<>();
        try (BenchModels models = BenchModels.prepare(model, accuracyLevels, progress)) {
            List<Config> configs = new ArrayList<>();
            try {
                for (BenchModels.Model m : models.models()) {
                    sizes.add(new ThroughputReport.ModelSize(m.name(), m.variant().fileName(), Files.size(m.file()),
                            m.requantized() ? "quantized for this run (default options)" : "bundle"));
                    for (int batch : batchSizes) {
                        for (BatchOrder order : List.of(BatchOrder.ARRIVAL, BatchOrder.LENGTH_GROUPED)) {
                            configs.add(Config.open(m, batch, order, modelOptions.threads(), repeat, sample, progress));
                        }
                    }
                }
                for (int round = 0; round < repeat; round++) {
                    for (Config c : configs) {
                        c.time(round, sample);
                    }
                    progress.accept(String.format(Locale.ROOT, "bench: round %d/%d done", round + 1, repeat));
                }
            } finally {
                for (Config c : configs) {
                    c.engine.close();
                }
            }
            for (int i = 0; i < configs.size(); i += 2) {
                Config arrival = configs.get(i);
                Config grouped = configs.get(i + 1);
                rows.add(new ThroughputReport.Row(arrival.model.name(), arrival.batch, arrival.best(), grouped.best()));
            }
        }

        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "bundle: %s%n", model.directory());
        out.printf(Locale.ROOT, "texts: first %d of %s; %d intra-op thread%s; best of %d timed pass%s (one per round)"
                        + " after one warm-up; tokenization included%n%n", sample.size(), BenchInputs.dataName(data), modelOptions.threads(),
                modelOptions.threads() == 1 ? "" : "s", repeat, repeat == 1 ? "" : "es");
        out.println("sentences/s");
        out.print(ThroughputReport.table(rows));
        out.println("L0/L4: MatMulNBits accuracy level 0 (float compute) / 4 (int8 activations)");
        out.println();
        out.println("model files");
        out.print(ThroughputReport.sizes(sizes));
        out.println();
        out.println("targets");
        out.print(ThroughputReport.targets(rows, sizes));
        out.flush();
        return 0;
    }

    /** One model at one batch size and order: its engine and its timed passes. */
    private static final class Config {
        final BenchModels.Model model;
        final int batch;
        final String name;
        final InferenceEngine engine;
        final double[] rates;
        private final Consumer<String> progress;

        private Config(BenchModels.Model model, int batch, String name, InferenceEngine engine, int repeat,
                Consumer<String> progress) {
            this.model = model;
            this.batch = batch;
            this.name = name;
            this.engine = engine;
            this.rates = new double[repeat];
            this.progress = progress;
        }

        /** Opens the engine and runs the untimed warm-up pass. */
        static Config open(BenchModels.Model m, int batch, BatchOrder order, int threads, int repeat, List<String> sample,
                Consumer<String> progress) throws IOException {
            EngineOptions options = EngineOptions.defaults()
                    .withVariants(m.variant())
                    .withIntraOpThreads(threads)
                    .withBatchSize(batch)
                    .withBatchOrder(order);
            String name = String.format(Locale.ROOT, "%s batch %d %s", m.name(), batch,
                    order == BatchOrder.ARRIVAL ? "arrival" : "length-grouped");
            InferenceEngine engine = InferenceEngine.open(m.bundle(), options);
            try {
                engine.classify(m.variant(), sample);
            } catch (IOException | RuntimeException e) {
                engine.close();
                throw e;
            }
            progress.accept("bench: warmed up " + name);
            return new Config(m, batch, name, engine, repeat, progress);
        }

        void time(int round, List<String> sample) throws IOException {
            long start = System.nanoTime();
            engine.classify(model.variant(), sample);
            rates[round] = sample.size() / ((System.nanoTime() - start) / 1e9);
            progress.accept(String.format(Locale.ROOT, "bench: %-32s %8.1f sentences/s", name, rates[round]));
        }

        double best() {
            return Arrays.stream(rates).max().orElseThrow();
        }
    }
}
