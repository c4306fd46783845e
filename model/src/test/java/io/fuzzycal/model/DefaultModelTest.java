package io.fuzzycal.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultModelTest {

    @Test
    void theBundleLivesInTheUserCacheUnlessFuzzycalHomeIsSet() {
        assertThat(DefaultModel.defaultBundleDir(Map.of(), "/home/ada"))
                .isEqualTo(Path.of("/home/ada/.cache/fuzzycal/models/default-minilm-tfns"));
        assertThat(DefaultModel.defaultBundleDir(Map.of("FUZZYCAL_HOME", "/srv/fc"), "/home/ada"))
                .isEqualTo(Path.of("/srv/fc/models/default-minilm-tfns"));
    }

    @Test
    void theComposedGraphKeepsTheEncoderInputsAndOutputsOnlyLogits() throws IOException {
        ModelBundle bundle = TestBundles.defaultBundle();
        ModelProto model = OnnxModelFile.read(bundle.modelFile(Precision.FP32));
        assertThat(model.getGraph().getInputList()).extracting(ValueInfoProto::getName)
                .containsExactly("input_ids", "attention_mask", "token_type_ids");
        assertThat(model.getGraph().getOutputList()).extracting(ValueInfoProto::getName).containsExactly("logits");
        var dims = model.getGraph().getOutput(0).getType().getTensorType().getShape().getDimList();
        assertThat(dims.get(0).getDimParam()).isEqualTo("batch_size");
        assertThat(dims.get(1).getDimValue()).isEqualTo(3);
        // the head is a MatMul on a constant [384, 3], which the INT4 quantizer rewrites like the encoder's
        assertThat(model.getGraph().getNodeList()).anyMatch(n -> n.getOpType().equals("MatMul")
                && n.getInputList().contains("classifier.weight"));
        assertThat(bundle.modelId()).isEqualTo(DefaultModelBuilder.MODEL_ID);
        assertThat(bundle.labels()).containsExactly("Bearish", "Bullish", "Neutral");
        assertThat(bundle.maxLength()).isEqualTo(128);
        assertThat(TrainedHead.read(bundle.directory().resolve(DefaultModel.HEAD_FILE))).isEqualTo(TrainedHead.committed());
    }

    @Test
    void buildsOnFirstUseOnlyAndRepairsAnIncompleteBundle(@TempDir Path home) throws IOException {
        Path dir = home.resolve("models").resolve(DefaultModel.BUNDLE_NAME);
        List<String> steps = new ArrayList<>();
        ProgressListener progress = new ProgressListener() {
            @Override
            public void progress(String stage, int done, int total, double textsPerSecond) {
            }

            @Override
            public void step(String message) {
                steps.add(message);
            }
        };
        ModelBundle built = DefaultModel.ensureBuilt(dir, ModelQuantizer.installed(), progress);
        assertThat(built.directory()).isEqualTo(dir.toAbsolutePath());
        assertThat(steps).anyMatch(s -> s.startsWith("building the default model"));
        assertThat(siblings(dir.getParent())).containsExactly(DefaultModel.BUNDLE_NAME); // no temp folders left

        FileTime before = Files.getLastModifiedTime(dir.resolve("model.onnx"));
        steps.clear();
        DefaultModel.ensureBuilt(dir, (in, out) -> {
            throw new AssertionError("a built bundle must not be rebuilt");
        }, progress);
        assertThat(steps).isEmpty();
        assertThat(Files.getLastModifiedTime(dir.resolve("model.onnx"))).isEqualTo(before);

        Files.delete(dir.resolve("model.int4.onnx"));
        DefaultModel.ensureBuilt(dir, ModelQuantizer.installed(), progress);
        assertThat(dir.resolve("model.int4.onnx")).exists();
        assertThat(siblings(dir.getParent())).containsExactly(DefaultModel.BUNDLE_NAME);
    }

    @Test
    void aFailedBuildLeavesNothingBehind(@TempDir Path home) throws IOException {
        Path dir = home.resolve(DefaultModel.BUNDLE_NAME);
        assertThatThrownBy(() -> DefaultModel.ensureBuilt(dir, (in, out) -> {
            throw new IOException("quantizer crashed");
        }, ProgressListener.SILENT)).hasMessage("quantizer crashed");
        assertThat(siblings(home)).isEmpty();
    }

    private static List<String> siblings(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }
}
