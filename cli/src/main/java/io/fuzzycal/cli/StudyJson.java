package io.fuzzycal.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fuzzycal.calibration.study.SplitResult;
import io.fuzzycal.calibration.study.StudyResult;
import java.util.List;

/** {@code results.json}: the whole {@link StudyResult} (and paired splits) plus where the data and models came from. */
final class StudyJson {
    private StudyJson() {
    }

    static String write(StudyResult result, String source, List<ModelFacts> models) {
        return write(result, null, source, models);
    }

    /** With the paired splits' per-split metrics under {@code pairedSplits}, when they were run. */
    static String write(StudyResult result, SplitResult paired, String source, List<ModelFacts> models) {
        ObjectNode root = JsonOutput.MAPPER.createObjectNode();
        root.put("data", source);
        root.set("models", JsonOutput.MAPPER.valueToTree(models));
        root.setAll((ObjectNode) JsonOutput.MAPPER.valueToTree(result));
        if (paired != null) {
            root.set("pairedSplits", JsonOutput.MAPPER.valueToTree(paired));
        }
        return JsonOutput.write(root);
    }
}
