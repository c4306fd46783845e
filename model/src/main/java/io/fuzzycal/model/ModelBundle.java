package io.fuzzycal.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model bundle: a folder holding {@code model.onnx} (FP32), {@code model.int4.onnx},
 * {@code tokenizer.json} and {@code config.json}.
 *
 * <p>{@code config.json} is read the way Hugging Face writes it, so an exported FinBERT's config
 * works once {@code model.int4.onnx} sits beside it: {@code id2label} (required; keys 0..C−1),
 * {@code max_length} (else {@code max_position_embeddings}), {@code model_id} (else
 * {@code _name_or_path}, else the folder name).
 */
public record ModelBundle(Path directory, String modelId, List<String> labels, int maxLength) {

    public static final String CONFIG_FILE = "config.json";
    public static final String TOKENIZER_FILE = "tokenizer.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ModelBundle {
        labels = List.copyOf(labels);
    }

    /** Reads and validates a bundle folder; the error names the missing file or field. */
    public static ModelBundle load(Path directory) throws InvalidBundleException {
        Path dir = directory.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new InvalidBundleException("model bundle folder not found: " + dir);
        }
        List<String> missing = new ArrayList<>();
        for (String file : List.of(Precision.FP32.fileName(), Precision.INT4.fileName(), TOKENIZER_FILE, CONFIG_FILE)) {
            if (!Files.isRegularFile(dir.resolve(file))) {
                missing.add(file);
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidBundleException("model bundle " + dir + " is missing " + String.join(", ", missing)
                    + (missing.contains(Precision.INT4.fileName())
                            ? " (create the INT4 model with `fuzzycal model quantize --in model.onnx --out model.int4.onnx`)"
                            : ""));
        }
        JsonNode config = readConfig(dir.resolve(CONFIG_FILE));
        String where = CONFIG_FILE + " in " + dir;
        return new ModelBundle(dir, modelId(config, dir), labels(config, where), maxLength(config, where));
    }

    public Path modelFile(Precision variant) {
        return directory.resolve(variant.fileName());
    }

    public Path tokenizerFile() {
        return directory.resolve(TOKENIZER_FILE);
    }

    public Path configFile() {
        return directory.resolve(CONFIG_FILE);
    }

    public int numLabels() {
        return labels.size();
    }

    /** Writes a {@code config.json} this class reads back; {@code extra} fields are kept for provenance. */
    static void writeConfig(Path file, String modelId, List<String> labels, int maxLength, Map<String, ?> extra)
            throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("model_id", modelId);
        ObjectNode id2label = root.putObject("id2label");
        ObjectNode label2id = root.putObject("label2id");
        for (int i = 0; i < labels.size(); i++) {
            id2label.put(Integer.toString(i), labels.get(i));
            label2id.put(labels.get(i), i);
        }
        root.put("max_length", maxLength);
        extra.forEach((k, v) -> root.set(k, JSON.valueToTree(v)));
        JSON.writeValue(file.toFile(), root);
    }

    private static JsonNode readConfig(Path file) throws InvalidBundleException {
        try {
            JsonNode node = JSON.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new InvalidBundleException(file + " must hold a JSON object");
            }
            return node;
        } catch (InvalidBundleException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw new InvalidBundleException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidBundleException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String modelId(JsonNode config, Path dir) {
        for (String field : List.of("model_id", "_name_or_path")) {
            JsonNode v = config.get(field);
            if (v != null && v.isTextual() && !v.asText().isBlank()) {
                return v.asText();
            }
        }
        return dir.getFileName().toString();
    }

    private static List<String> labels(JsonNode config, String where) throws InvalidBundleException {
        JsonNode id2label = config.get("id2label");
        if (id2label == null || !id2label.isObject() || id2label.isEmpty()) {
            throw new InvalidBundleException(where + " has no 'id2label' field (a map from class index to label name,"
                    + " as in Hugging Face configs, e.g. {\"0\": \"Bearish\", \"1\": \"Bullish\", \"2\": \"Neutral\"})");
        }
        Map<Integer, String> byIndex = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : id2label.properties()) {
            int index;
            try {
                index = Integer.parseInt(e.getKey().trim());
            } catch (NumberFormatException ex) {
                throw new InvalidBundleException(where + ": 'id2label' key '" + e.getKey() + "' is not a class index");
            }
            if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) {
                throw new InvalidBundleException(where + ": 'id2label' entry " + index + " is not a label name");
            }
            byIndex.put(index, e.getValue().asText());
        }
        List<String> labels = new ArrayList<>(byIndex.values());
        if (!new ArrayList<>(byIndex.keySet()).equals(range(labels.size()))) {
            throw new InvalidBundleException(where + ": 'id2label' keys must be 0.." + (labels.size() - 1)
                    + ", got " + byIndex.keySet());
        }
        if (labels.size() < 2) {
            throw new InvalidBundleException(where + ": 'id2label' needs at least 2 labels, got " + labels.size());
        }
        return labels;
    }

    private static int maxLength(JsonNode config, String where) throws InvalidBundleException {
        for (String field : List.of("max_length", "max_position_embeddings")) {
            JsonNode v = config.get(field);
            if (v != null) {
                if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 2) {
                    throw new InvalidBundleException(where + ": '" + field + "' must be an integer ≥ 2, got " + v);
                }
                return v.asInt();
            }
        }
        throw new InvalidBundleException(where + " has no 'max_length' field (the longest token sequence the model"
                + " takes, e.g. 128 or 512)");
    }

    private static List<Integer> range(int n) {
        List<Integer> r = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            r.add(i);
        }
        return r;
    }
}
