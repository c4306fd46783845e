package io.fuzzycal.bench;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import io.fuzzycal.model.ModelBundle;
import io.fuzzycal.model.Precision;
import io.fuzzycal.model.quantize.Int4Quantizer;
import io.fuzzycal.model.quantize.QuantizeOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The models a benchmark runs: the bundle's FP32 model and its INT4 twin at each requested
 * {@code MatMulNBits} accuracy level. The bundle's own INT4 file serves the level it was quantized
 * with; another level is quantized from {@code model.onnx} (default options) into a temporary bundle
 * that {@link #close()} deletes.
 */
final class BenchModels implements AutoCloseable {

    /**
     * One model under test.
     *
     * @param name           {@code FP32}, {@code INT4 L0} or {@code INT4 L4}
     * @param bundle         the bundle that holds it (the user's, or a temporary one)
     * @param accuracyLevel  MatMulNBits accuracy level, -1 for FP32
     * @param requantized    quantized for this run rather than taken from the bundle
     */
    record Model(String name, Precision variant, ModelBundle bundle, int accuracyLevel, boolean requantized) {
        Path file() {
            return bundle.modelFile(variant);
        }
    }

    private final List<Model> models;
    private final Path tempDir;

    private BenchModels(List<Model> models, Path tempDir) {
        this.models = List.copyOf(models);
        this.tempDir = tempDir;
    }

    static BenchModels prepare(ModelBundle bundle, List<Integer> accuracyLevels, Consumer<String> progress)
            throws IOException {
        List<Model> models = new ArrayList<>();
        models.add(new Model("FP32", Precision.FP32, bundle, -1, false));
        int bundleLevel = accuracyLevel(bundle.modelFile(Precision.INT4));
        Path temp = null;
        try {
            for (int level : new TreeSet<>(accuracyLevels)) {
                if (level == bundleLevel) {
                    models.add(new Model(name(level), Precision.INT4, bundle, level, false));
                    continue;
                }
                if (temp == null) {
                    temp = Files.createTempDirectory("fuzzycal-bench-");
                }
                Path dir = Files.createDirectory(temp.resolve("int4-level-" + level));
                for (String file : List.of(ModelBundle.CONFIG_FILE, ModelBundle.TOKENIZER_FILE, Precision.FP32.fileName())) {
                    Files.copy(bundle.directory().resolve(file), dir.resolve(file));
                }
                progress.accept("bench: quantizing " + bundle.modelFile(Precision.FP32) + " with accuracy level " + level
                        + " into " + dir.resolve(Precision.INT4.fileName()));
                Int4Quantizer.quantize(bundle.modelFile(Precision.FP32), dir.resolve(Precision.INT4.fileName()),
                        QuantizeOptions.defaults().withAccuracyLevel(level));
                models.add(new Model(name(level), Precision.INT4, ModelBundle.load(dir), level, true));
            }
        } catch (IOException | RuntimeException e) {
            ScratchDirectory.delete(temp);
            throw e;
        }
        return new BenchModels(models, temp);
    }

    /** Fails on a level other than 0 and 4, naming the option: a usage error of {@code command}. */
    static void checkLevels(CommandLine command, List<Integer> accuracyLevels) {
        for (int level : accuracyLevels) {
            if (level != 0 && level != 4) {
                throw new ParameterException(command, "--accuracy-levels: each must be 0 (float compute) or 4 (int8"
                        + " activations), got " + level);
            }
        }
    }

    static String name(int accuracyLevel) {
        return "INT4 L" + accuracyLevel;
    }

    List<Model> models() {
        return models;
    }

    Model fp32() {
        return models.get(0);
    }

    /**
     * The {@code accuracy_level} of the model's {@code MatMulNBits} nodes (absent means 0), or -1 when
     * it has none or they differ.
     */
    static int accuracyLevel(Path int4Model) throws IOException {
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(int4Model));
        TreeSet<Long> levels = new TreeSet<>();
        for (NodeProto node : model.getGraph().getNodeList()) {
            if ("MatMulNBits".equals(node.getOpType())) {
                long level = 0;
                for (AttributeProto a : node.getAttributeList()) {
                    if ("accuracy_level".equals(a.getName())) {
                        level = a.getI();
                    }
                }
                levels.add(level);
            }
        }
        return levels.size() == 1 ? levels.first().intValue() : -1;
    }

    @Override
    public void close() throws IOException {
        ScratchDirectory.delete(tempDir);
    }
}
