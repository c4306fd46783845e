package io.fuzzycal.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fuzzycal.calibration.compare.Comparison;
import io.fuzzycal.calibration.compare.ComparisonSettings;
import io.fuzzycal.calibration.compare.MethodResult;
import java.nio.file.Path;

/**
 * Renders a {@link Comparison} as a JSON document: the inputs, the settings, and per method every
 * metric, the ECE interval, McNemar's test against uncalibrated, the target prior and the
 * reliability table. Numbers that are not finite (an empty bin's mean) are written as {@code null}.
 */
final class ComparisonJson {
    private static final ObjectMapper MAPPER = JsonOutput.MAPPER;

    private ComparisonJson() {
    }

    static String write(Comparison c, Path train, Path test) {
        ComparisonSettings s = c.settings();
        ObjectNode root = MAPPER.createObjectNode();
        root.set("train", input(train, c.trainRows()));
        root.set("test", input(test, c.testRows()));
        root.put("classes", c.classes());
        ObjectNode settings = root.putObject("settings");
        settings.set("methods", MAPPER.valueToTree(s.methods()));
        settings.put("seed", s.seed());
        settings.put("bins", s.bins());
        settings.put("bootstrapResamples", s.bootstrapResamples());
        settings.put("level", s.level());
        settings.put("targetPrior", s.options().targetPrior().toString());
        settings.put("regions", s.options().fuzzy().regions());
        settings.put("maxEpochs", s.options().fuzzy().maxEpochs());
        ArrayNode results = root.putArray("results");
        for (MethodResult r : c.results()) {
            ObjectNode m = results.addObject();
            m.put("method", r.method());
            m.set("metrics", MAPPER.valueToTree(r.metrics()));
            m.set("eceInterval", MAPPER.valueToTree(r.eceInterval()));
            m.set("eceChangeVsUncalibrated", MAPPER.valueToTree(r.eceChange()));
            m.set("mcnemarVsUncalibrated", MAPPER.valueToTree(r.versusUncalibrated()));
            m.set("targetPrior", MAPPER.valueToTree(r.targetPrior()));
            m.set("reliability", MAPPER.valueToTree(r.reliability()));
        }
        return JsonOutput.write(root);
    }

    private static ObjectNode input(Path file, int rows) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("file", file.toString());
        n.put("rows", rows);
        return n;
    }
}
