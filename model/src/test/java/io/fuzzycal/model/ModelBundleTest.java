package io.fuzzycal.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {
    private static final String CONFIG = """
            {"model_id": "acme/finbert", "id2label": {"0": "positive", "1": "negative", "2": "neutral"}, "max_length": 64}
            """;

    @TempDir
    Path dir;

    @Test
    void loadsACompleteBundle() throws IOException {
        writeBundle(CONFIG);
        ModelBundle bundle = ModelBundle.load(dir);
        assertThat(bundle.modelId()).isEqualTo("acme/finbert");
        assertThat(bundle.labels()).containsExactly("positive", "negative", "neutral");
        assertThat(bundle.maxLength()).isEqualTo(64);
        assertThat(bundle.modelFile(Precision.INT4)).isEqualTo(dir.toAbsolutePath().resolve("model.int4.onnx"));
        assertThat(bundle.tokenizerFile().getFileName()).hasToString("tokenizer.json");
    }

    @Test
    void readsHuggingFaceConfigsWithoutTheProjectFields() throws IOException {
        // what Optimum writes for a BERT classifier: no max_length, no model_id; keys out of order
        writeBundle("""
                {"_name_or_path": "ProsusAI/finbert", "id2label": {"2": "neutral", "0": "positive", "1": "negative"},
                 "max_position_embeddings": 512, "model_type": "bert"}
                """);
        ModelBundle bundle = ModelBundle.load(dir);
        assertThat(bundle.modelId()).isEqualTo("ProsusAI/finbert");
        assertThat(bundle.labels()).containsExactly("positive", "negative", "neutral");
        assertThat(bundle.maxLength()).isEqualTo(512);
    }

    @Test
    void fallsBackToTheFolderNameForTheModelId() throws IOException {
        writeBundle("{\"id2label\": {\"0\": \"a\", \"1\": \"b\"}, \"max_length\": 16}");
        assertThat(ModelBundle.load(dir).modelId()).isEqualTo(dir.getFileName().toString());
    }

    @Test
    void namesEveryMissingFile() throws IOException {
        Files.writeString(dir.resolve("config.json"), CONFIG);
        Files.writeString(dir.resolve("model.onnx"), "x");
        assertThatThrownBy(() -> ModelBundle.load(dir)).isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining("is missing model.int4.onnx, tokenizer.json")
                .hasMessageContaining("fuzzycal model quantize");
    }

    @Test
    void namesAMissingFolder() {
        assertThatThrownBy(() -> ModelBundle.load(dir.resolve("nope")))
                .hasMessageStartingWith("model bundle folder not found: ");
    }

    @Test
    void namesMissingOrBadFields() throws IOException {
        assertLoadFails("{\"max_length\": 16}", "has no 'id2label' field");
        assertLoadFails("{\"id2label\": {\"0\": \"a\", \"2\": \"b\"}, \"max_length\": 16}", "'id2label' keys must be 0..1");
        assertLoadFails("{\"id2label\": {\"first\": \"a\"}, \"max_length\": 16}", "'id2label' key 'first' is not a class index");
        assertLoadFails("{\"id2label\": {\"0\": \"a\"}, \"max_length\": 16}", "needs at least 2 labels");
        assertLoadFails("{\"id2label\": {\"0\": \"a\", \"1\": \"b\"}}", "has no 'max_length' field");
        assertLoadFails("{\"id2label\": {\"0\": \"a\", \"1\": \"b\"}, \"max_length\": \"long\"}", "'max_length' must be an integer");
        assertLoadFails("{\"id2label\": ", "config.json is not valid JSON");
        assertLoadFails("[1, 2]", "must hold a JSON object");
    }

    @Test
    void writesAConfigItReadsBack() throws IOException {
        writeBundle("{}");
        ModelBundle.writeConfig(dir.resolve("config.json"), "m", java.util.List.of("x", "y"), 32, java.util.Map.of("extra", 1));
        ModelBundle bundle = ModelBundle.load(dir);
        assertThat(bundle.labels()).containsExactly("x", "y");
        assertThat(bundle.maxLength()).isEqualTo(32);
        assertThat(bundle.modelId()).isEqualTo("m");
    }

    private void assertLoadFails(String config, String message) throws IOException {
        writeBundle(config);
        assertThatThrownBy(() -> ModelBundle.load(dir)).isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining(message).hasMessageContaining(dir.toAbsolutePath().toString());
    }

    private void writeBundle(String config) throws IOException {
        for (String file : new String[] {"model.onnx", "model.int4.onnx", "tokenizer.json"}) {
            Files.writeString(dir.resolve(file), "placeholder");
        }
        Files.writeString(dir.resolve("config.json"), config);
    }
}
