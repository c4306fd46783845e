package io.fuzzycal.model;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A classification head with its labels and training facts, as stored in {@code head.json}: the
 * default model commits one as a resource so that a build needs no training.
 */
public record TrainedHead(String modelId, List<String> labels, LinearHead head, TrainingFacts facts) {

    /** The committed head of the default model. */
    public static final String DEFAULT_RESOURCE = "/io/fuzzycal/model/default-head.json";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS) // a head trained without validation rows has NaN metrics
            .build();

    public TrainedHead {
        labels = List.copyOf(labels);
        if (labels.size() != head.classes()) {
            throw new IllegalArgumentException(labels.size() + " labels but the head has " + head.classes() + " classes");
        }
    }

    /** The head committed with the project. */
    public static TrainedHead committed() throws IOException {
        try (InputStream in = TrainedHead.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IOException("resource " + DEFAULT_RESOURCE + " is missing; run `fuzzycal model build --retrain`");
            }
            return read(in);
        }
    }

    public static TrainedHead read(InputStream in) throws IOException {
        JsonNode root = JSON.readTree(in);
        List<String> labels = new ArrayList<>();
        root.required("labels").forEach(l -> labels.add(l.asText()));
        JsonNode rows = root.required("weights");
        double[][] w = new double[rows.size()][];
        for (int j = 0; j < w.length; j++) {
            w[j] = JSON.treeToValue(rows.get(j), double[].class);
        }
        double[] b = JSON.treeToValue(root.required("bias"), double[].class);
        TrainingFacts facts = JSON.treeToValue(root.required("training"), TrainingFacts.class);
        return new TrainedHead(root.required("model_id").asText(), labels, new LinearHead(w, b), facts);
    }

    public static TrainedHead read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    /** Facts first, then one line per weight row, so a diff of a retrained head stays readable. */
    public byte[] toJson() throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("model_id", modelId);
        root.set("labels", JSON.valueToTree(labels));
        root.put("encoder", DefaultModelBuilder.ENCODER_DESCRIPTION);
        root.put("pooling", "masked mean over attention_mask, then L2 normalisation");
        root.put("note", "weights [inputs][classes] and bias apply to raw pooled embeddings (standardisation folded in)");
        root.set("training", JSON.valueToTree(facts));
        root.set("bias", JSON.valueToTree(head.bias()));
        root.putArray("weights"); // placeholder; rows are written compactly below
        String pretty = JSON.writeValueAsString(root);
        StringBuilder rows = new StringBuilder("[\n");
        double[][] w = head.weights();
        ObjectMapper compact = new ObjectMapper();
        for (int j = 0; j < w.length; j++) {
            rows.append("    ").append(compact.writeValueAsString(w[j])).append(j + 1 < w.length ? ",\n" : "\n");
        }
        rows.append("  ]");
        String placeholder = "\"weights\" : [ ]";
        if (!pretty.contains(placeholder)) {
            throw new IllegalStateException("unexpected JSON layout: " + placeholder + " not found");
        }
        return (pretty.replace(placeholder, "\"weights\" : " + rows) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    public void write(Path file) throws IOException {
        Files.write(file, toJson());
    }
}
