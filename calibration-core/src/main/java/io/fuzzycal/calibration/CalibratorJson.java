package io.fuzzycal.calibration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Reads and writes fitted calibrators as JSON. Doubles are written in Java's shortest round-trip
 * form, so {@code read(write(m))} has bit-for-bit the same parameters as {@code m}.
 *
 * <pre>{@code
 * {"format": "fuzzycal-calibrator", "formatVersion": 1, "method": "fuzzy", "classes": 3,
 *  "parameters": {...}, "metadata": {...}}
 * }</pre>
 * Readers ignore unknown fields (so newer writers can add some) and reject a newer format version.
 */
public final class CalibratorJson {
    public static final String FORMAT = "fuzzycal-calibrator";
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CalibratorJson() {
    }

    public static String write(FittedCalibrator map) {
        return write(map, Map.of());
    }

    /** Writes the map with free-form metadata (input file, rows, seed, ...) that readers keep out of the math. */
    public static String write(FittedCalibrator map, Map<String, ?> metadata) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("formatVersion", FORMAT_VERSION);
        writeBody(map, root);
        if (!metadata.isEmpty()) {
            root.set("metadata", MAPPER.valueToTree(metadata));
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise calibrator", e);
        }
    }

    /**
     * Parses a calibrator; fails with a message naming the missing or bad field, or when its outputs
     * are not finite, normalised probabilities ({@link CalibratorOutputCheck}).
     */
    public static FittedCalibrator read(String json) {
        JsonNode root;
        try {
            // a byte-order mark is what some editors put first in a UTF-8 file; JSON has no other use for it
            root = MAPPER.readTree(json.startsWith("\uFEFF") ? json.substring(1) : json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a calibrator JSON document: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a calibrator JSON document: expected an object");
        }
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new IllegalArgumentException("not a calibrator JSON document: \"format\" must be \"" + FORMAT + "\"");
        }
        JsonNode versionNode = required(root, "formatVersion");
        if (!versionNode.isIntegralNumber() || !versionNode.canConvertToInt()) {
            // asInt() would read 4294967297 and 1.9 as 1
            throw new IllegalArgumentException("calibrator format version " + versionNode + " is not supported (this build reads 1.."
                    + FORMAT_VERSION + ")");
        }
        int version = versionNode.asInt();
        if (version < 1 || version > FORMAT_VERSION) {
            throw new IllegalArgumentException("calibrator format version " + version + " is not supported (this build reads 1.."
                    + FORMAT_VERSION + ")");
        }
        // fields can all be finite and the outputs still NaN: every reader (file, flag, calibration.models) checks outputs
        return CalibratorOutputCheck.requireSafe(readBody(root));
    }

    /** The free-form metadata of a calibrator document (empty when absent). */
    public static Map<String, Object> metadata(String json) {
        try {
            JsonNode node = MAPPER.readTree(json).path("metadata");
            return node.isObject() ? MAPPER.convertValue(node, MAPPER.getTypeFactory()
                    .constructMapType(java.util.LinkedHashMap.class, String.class, Object.class)) : Map.of();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a calibrator JSON document: " + e.getOriginalMessage(), e);
        }
    }

    private static void writeBody(FittedCalibrator map, ObjectNode node) {
        node.put("method", map.method());
        node.put("classes", map.numClasses());
        ObjectNode p = node.putObject("parameters");
        if (map instanceof IdentityMap) {
            return;
        }
        if (map instanceof TemperatureMap t) {
            p.put("temperature", t.temperature());
        } else if (map instanceof VectorScalingMap v) {
            putArray(p, "scale", v.scale());
            putArray(p, "bias", v.bias());
        } else if (map instanceof DirichletMap d) {
            putMatrix(p, "weights", d.weightRows());
            putArray(p, "bias", d.bias());
        } else if (map instanceof FuzzyGatedMap f) {
            putArray(p, "centres", f.centres());
            putArray(p, "widths", f.widths());
            ArrayNode regions = p.putArray("regions");
            for (int r = 0; r < f.regions(); r++) {
                ObjectNode region = regions.addObject();
                putMatrix(region, "weights", f.regionWeights(r));
                putArray(region, "bias", f.regionBias(r));
            }
        } else if (map instanceof PriorCorrectedMap pc) {
            putArray(p, "sourcePrior", pc.sourcePrior());
            double[] target = pc.targetPrior();
            if (target == null) {
                p.putNull("targetPrior");
            } else {
                putArray(p, "targetPrior", target);
            }
            PriorEstimation e = pc.estimation();
            if (e != null) {
                p.put("estimator", e.kind().name().toLowerCase(java.util.Locale.ROOT));
                if (e.confusion() != null) {
                    putArray(p, "confusion", e.confusion());
                }
                p.put("sourceRows", e.sourceRows());
                if (e.sourceSpread() != null) {
                    putArray(p, "sourceSpread", e.sourceSpread());
                }
                if (e.refusal() != null) {
                    p.put("refusal", e.refusal());
                }
            }
            writeBody(pc.base(), p.putObject("base"));
        } else {
            throw new IllegalStateException("no JSON form for " + map.getClass());
        }
    }

    /** The estimation a {@code +prior} file records; files from before BBSE recorded none (EM, if no target). */
    private static PriorEstimation estimation(JsonNode p, double[] targetPrior) {
        JsonNode kind = p.path("estimator");
        if (kind.isMissingNode() || kind.isNull()) {
            return targetPrior == null ? PriorEstimation.legacyEm() : null;
        }
        TargetPrior.Kind k = TargetPrior.parse(kind.asText()).kind();
        JsonNode refusal = p.path("refusal");
        return new PriorEstimation(k, p.has("confusion") ? array(p, "confusion") : null, p.path("sourceRows").asInt(0),
                p.has("sourceSpread") ? array(p, "sourceSpread") : null,
                refusal.isMissingNode() || refusal.isNull() ? null : refusal.asText());
    }

    private static FittedCalibrator readBody(JsonNode node) {
        String method = CalibrationMethods.canonical(required(node, "method").asText());
        int c = required(node, "classes").asInt();
        JsonNode p = required(node, "parameters");
        if (method.endsWith(CalibrationMethods.PRIOR_SUFFIX)) {
            FittedCalibrator base = readBody(required(p, "base"));
            JsonNode target = p.path("targetPrior");
            double[] targetPrior = target.isMissingNode() || target.isNull() ? null : array(p, "targetPrior");
            return new PriorCorrectedMap(base, array(p, "sourcePrior"), targetPrior, estimation(p, targetPrior));
        }
        FittedCalibrator map = switch (method) {
            case CalibrationMethods.UNCALIBRATED -> new IdentityMap(c);
            case CalibrationMethods.TEMPERATURE -> new TemperatureMap(c, number(required(p, "temperature"), "temperature"));
            case CalibrationMethods.AFFINE -> new VectorScalingMap(array(p, "scale"), array(p, "bias"));
            case CalibrationMethods.DIRICHLET -> new DirichletMap(flatten(matrix(p, "weights")), array(p, "bias"));
            case CalibrationMethods.FUZZY -> readFuzzy(p, c);
            default -> throw new IllegalArgumentException("unknown calibration method '" + method + "' in calibrator JSON");
        };
        if (map.numClasses() != c) {
            throw new IllegalArgumentException("\"classes\" is " + c + " but the parameters have " + map.numClasses());
        }
        return map;
    }

    private static FuzzyGatedMap readFuzzy(JsonNode p, int c) {
        double[] centres = array(p, "centres");
        double[] widths = array(p, "widths");
        JsonNode regions = required(p, "regions");
        int k = regions.size();
        double[] a = new double[k * c * c];
        double[] b = new double[k * c];
        for (int r = 0; r < k; r++) {
            double[] w = flatten(matrix(regions.get(r), "weights"));
            double[] bias = array(regions.get(r), "bias");
            if (w.length != c * c || bias.length != c) {
                throw new IllegalArgumentException("region " + r + " must have a " + c + "×" + c + " matrix and " + c + " biases");
            }
            System.arraycopy(w, 0, a, r * c * c, c * c);
            System.arraycopy(bias, 0, b, r * c, c);
        }
        return new FuzzyGatedMap(c, a, b, centres, widths);
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("calibrator JSON lacks \"" + field + "\"");
        }
        return v;
    }

    private static double number(JsonNode v, String field) {
        if (!v.isNumber()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a number, got " + v);
        }
        return v.doubleValue();
    }

    private static double[] array(JsonNode node, String field) {
        JsonNode v = required(node, field);
        if (!v.isArray()) {
            throw new IllegalArgumentException("\"" + field + "\" must be an array of numbers");
        }
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = number(v.get(i), field);
        }
        return out;
    }

    private static double[][] matrix(JsonNode node, String field) {
        JsonNode v = required(node, field);
        if (!v.isArray()) {
            throw new IllegalArgumentException("\"" + field + "\" must be an array of rows");
        }
        double[][] rows = new double[v.size()][];
        for (int i = 0; i < rows.length; i++) {
            ObjectNode holder = MAPPER.createObjectNode();
            holder.set(field, v.get(i));
            rows[i] = array(holder, field);
        }
        return rows;
    }

    private static double[] flatten(double[][] rows) {
        int c = rows.length;
        double[] out = new double[c * c];
        for (int i = 0; i < c; i++) {
            if (rows[i].length != c) {
                throw new IllegalArgumentException("weight matrix must be square, row " + i + " has " + rows[i].length
                        + " entries for " + c + " rows");
            }
            System.arraycopy(rows[i], 0, out, i * c, c);
        }
        return out;
    }

    private static void putArray(ObjectNode node, String field, double[] values) {
        ArrayNode a = node.putArray(field);
        for (double v : values) {
            a.add(v);
        }
    }

    private static void putMatrix(ObjectNode node, String field, double[][] rows) {
        ArrayNode a = node.putArray(field);
        for (double[] row : rows) {
            ArrayNode r = a.addArray();
            for (double v : row) {
                r.add(v);
            }
        }
    }
}
