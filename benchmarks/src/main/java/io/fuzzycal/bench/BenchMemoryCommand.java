package io.fuzzycal.bench;

import io.fuzzycal.model.ModelBundle;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fuzzycal bench memory}: the resident-memory growth of loading each model variant's session,
 * each in processes of its own ({@link MemoryProbe}), since native memory that one session used is
 * never handed back in full.
 */
@Command(name = "memory",
        mixinStandardHelpOptions = true,
        description = {"Measures the resident memory (VmRSS) that loading the FP32 and the INT4 session costs.",
            "Each model is loaded in fresh child JVMs (--repeat of them; medians reported) whose heap is fixed and"
                    + " pre-touched, so Java heap growth does not blur the figures. A child reads VmRSS after start, after"
                    + " loading the ONNX Runtime and tokenizer libraries, after opening an engine with only that model,"
                    + " after one classify of 8 texts, and after opening one more tokenizer (to tell the tokenizer's share)."
                    + " Linux only (/proc/self/status)."})
final class BenchMemoryCommand implements Callable<Integer> {
    static final long CHILD_TIMEOUT_SECONDS = 300;
    static final String CHILD_HEAP = "128m";

    @Spec
    CommandSpec spec;

    @Mixin
    BenchModelOptions modelOptions;

    @Option(names = "--repeat", defaultValue = "3", paramLabel = "<n>",
            description = "Child processes per model; the median of each stage is reported. Default: ${DEFAULT-VALUE}.")
    int repeat;

    @Option(names = "--accuracy-levels", split = ",", defaultValue = "0,4", paramLabel = "<level>",
            description = "INT4 MatMulNBits accuracy levels to measure (0, 4). Default: ${DEFAULT-VALUE}.")
    List<Integer> accuracyLevels;

    @Override
    public Integer call() throws IOException {
        if (repeat < 1) {
            throw new ParameterException(spec.commandLine(), "--repeat must be >= 1, got " + repeat);
        }
        BenchModels.checkLevels(spec.commandLine(), accuracyLevels);
        ResidentMemory.currentKb(); // fail at once where there is no /proc
        Consumer<String> progress = BenchInputs.lines(spec.commandLine().getErr());
        ModelBundle model = modelOptions.load(progress);
        List<MemoryReport.Sample> samples = new ArrayList<>();
        try (BenchModels models = BenchModels.prepare(model, accuracyLevels, progress)) {
            for (BenchModels.Model m : models.models()) {
                List<Map<String, Long>> runs = new ArrayList<>();
                for (int r = 1; r <= repeat; r++) {
                    Map<String, Long> stages = probe(m);
                    runs.add(stages);
                    progress.accept(String.format(Locale.ROOT, "bench memory: %s process %d/%d: session +%s MiB",
                            m.name(), r, repeat, MemoryReport.mib(stages.get("session") - stages.get("runtime"))));
                }
                samples.add(MemoryReport.Sample.of(m.name(), runs));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "bundle: %s%n", model.directory());
        out.printf(Locale.ROOT, "resident memory (VmRSS, MiB), median of %d process%s per model; %d intra-op thread%s;"
                        + " child heap -Xms%s -Xmx%s, pre-touched%n%n", repeat, repeat == 1 ? "" : "es", modelOptions.threads(),
                modelOptions.threads() == 1 ? "" : "s", CHILD_HEAP, CHILD_HEAP);
        out.print(MemoryReport.table(samples));
        out.println("load growth = session opened - runtime libs loaded (the engine's ONNX session and its tokenizer);"
                + " growth incl. classify = after classify - runtime libs loaded;");
        out.println("tokenizer inst. = growth from opening one more tokenizer like the engine's (median)");
        out.println("L0/L4: MatMulNBits accuracy level 0 (float compute) / 4 (int8 activations)");
        out.println();
        out.println("targets");
        out.print(MemoryReport.targets(samples));
        out.flush();
        return 0;
    }

    /** The child JVM's command line: same java, same class path, fixed pre-touched heap. */
    List<String> childCommand(BenchModels.Model m) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return List.of(java.toString(), "-Xms" + CHILD_HEAP, "-Xmx" + CHILD_HEAP, "-XX:+AlwaysPreTouch",
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), MemoryProbe.class.getName(),
                m.bundle().directory().toString(), m.variant().name(), Integer.toString(modelOptions.threads()));
    }

    private Map<String, Long> probe(BenchModels.Model m) throws IOException {
        Path log = Files.createTempFile("fuzzycal-memory-probe", ".log");
        try {
            Process p = new ProcessBuilder(childCommand(m)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean done;
            try {
                done = p.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the memory probe of " + m.name() + " ran", e);
            }
            if (!done) {
                p.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (!done || p.exitValue() != 0) {
                throw new IOException("the memory probe of " + m.name() + (done ? " exited with " + p.exitValue()
                        : " ran past " + CHILD_TIMEOUT_SECONDS + " s") + "; its output:" + System.lineSeparator()
                        + output.strip());
            }
            return MemoryProbe.parse(output);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
