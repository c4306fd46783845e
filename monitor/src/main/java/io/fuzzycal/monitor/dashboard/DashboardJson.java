package io.fuzzycal.monitor.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The page's one data source, {@code GET /api/dashboard}: the current reading in full and the history
 * column by column (one array per line of a chart, aligned on {@code history.t} in epoch seconds, as
 * uPlot takes them). Unknown values (NaN) are JSON null, which the charts draw as gaps.
 */
final class DashboardJson {
    /** The most points a time chart gets: a 2 h history at 5 s is thinned to every third sample. */
    static final int MAX_POINTS = 600;
    private static final ObjectMapper JSON = new ObjectMapper();

    private DashboardJson() {
    }

    static byte[] of(MonitorReading current, List<MonitorReading> samples, Map<MonitorReading.Alert, Instant> since,
                     long intervalMillis) {
        ObjectNode root = JSON.createObjectNode();
        root.put("at", current.at().toEpochMilli());
        root.put("intervalMs", intervalMillis);
        root.put("waiting", !current.hasLabelledWindow());
        root.set("current", current(current, since));
        root.set("history", history(thin(samples, MAX_POINTS)));
        try {
            return JSON.writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the dashboard's JSON", e);
        }
    }

    private static ObjectNode current(MonitorReading r, Map<MonitorReading.Alert, Instant> since) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode series = out.putArray("series");
        for (MonitorReading.SeriesReading s : r.series()) {
            ObjectNode o = series.addObject();
            o.put("key", s.key());
            o.put("model", s.model());
            o.put("variant", s.variant());
            o.put("stage", s.stage());
            o.set("time", window(s.time()));
            o.set("count", window(s.count()));
            number(o, "estimatedAccuracy", s.estimatedAccuracy());
            number(o, "meanConfidence", s.meanConfidence());
            number(o, "windowCalibratorVersion", s.windowCalibratorVersion());
        }
        ObjectNode disagreement = out.putObject("disagreement");
        r.disagreements().forEach((model, v) -> number(disagreement, model, v));
        ObjectNode versions = out.putObject("calibratorVersions");
        new TreeMap<>(r.calibratorVersions()).forEach(versions::put);
        ArrayNode refits = out.putArray("refits");
        r.refits().forEach(f -> refits.addObject().put("model", f.model()).put("outcome", f.outcome())
                .put("count", f.count()));
        ArrayNode alerts = out.putArray("alerts");
        for (MonitorReading.Alert a : r.alerts()) {
            ObjectNode o = alerts.addObject().put("model", a.model()).put("variant", a.variant())
                    .put("stage", a.stage()).put("metric", a.metric());
            Instant t = since.get(a);
            if (t == null) {
                o.putNull("since");
            } else {
                o.put("since", t.toEpochMilli());
            }
        }
        return out;
    }

    private static ObjectNode window(MonitorReading.WindowReading w) {
        if (w == null) {
            return null;
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("window", w.window());
        number(o, "ece", w.ece());
        number(o, "eceLower", w.eceLower());
        number(o, "eceUpper", w.eceUpper());
        number(o, "accuracy", w.accuracy());
        o.put("labelled", w.labelled());
        ArrayNode bins = o.putArray("reliability");
        for (MonitorReading.Bin b : w.reliability()) {
            ObjectNode bin = bins.addObject().put("index", b.index()).put("lower", b.lower()).put("upper", b.upper())
                    .put("samples", b.samples());
            number(bin, "meanConfidence", b.meanConfidence());
            number(bin, "accuracy", b.accuracy());
        }
        return o;
    }

    private static ObjectNode history(List<MonitorReading> samples) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode t = out.putArray("t");
        samples.forEach(s -> t.add(s.at().toEpochMilli() / 1000.0));
        // every key any sample has, so that each column is as long as t
        TreeSet<String> seriesKeys = new TreeSet<>();
        TreeSet<String> models = new TreeSet<>();
        TreeSet<String> versionKeys = new TreeSet<>();
        TreeSet<String> outcomes = new TreeSet<>();
        Map<String, MonitorReading.SeriesReading> anySeries = new LinkedHashMap<>();
        for (MonitorReading s : samples) {
            s.series().forEach(x -> {
                seriesKeys.add(x.key());
                anySeries.putIfAbsent(x.key(), x);
            });
            models.addAll(s.disagreements().keySet());
            versionKeys.addAll(s.calibratorVersions().keySet());
            s.refits().forEach(f -> outcomes.add(f.outcome()));
        }
        ObjectNode series = out.putObject("series");
        for (String key : seriesKeys) {
            MonitorReading.SeriesReading first = anySeries.get(key);
            ObjectNode o = series.putObject(key).put("model", first.model()).put("variant", first.variant())
                    .put("stage", first.stage());
            ArrayNode ece = o.putArray("ece");
            ArrayNode lower = o.putArray("eceLower");
            ArrayNode upper = o.putArray("eceUpper");
            ArrayNode accuracy = o.putArray("accuracy");
            ArrayNode estimated = o.putArray("estimatedAccuracy");
            ArrayNode labelled = o.putArray("labelled");
            for (MonitorReading s : samples) {
                MonitorReading.SeriesReading x = s.series().stream().filter(y -> y.key().equals(key)).findFirst()
                        .orElse(null);
                MonitorReading.WindowReading w = x == null ? null : x.latest().orElse(null);
                add(ece, w == null ? Double.NaN : w.ece());
                add(lower, w == null ? Double.NaN : w.eceLower());
                add(upper, w == null ? Double.NaN : w.eceUpper());
                add(accuracy, w == null ? Double.NaN : w.accuracy());
                add(estimated, x == null ? Double.NaN : x.estimatedAccuracy());
                add(labelled, w == null ? Double.NaN : w.labelled());
            }
        }
        ObjectNode disagreement = out.putObject("disagreement");
        for (String model : models) {
            ArrayNode column = disagreement.putArray(model);
            samples.forEach(s -> add(column, s.disagreements().getOrDefault(model, Double.NaN)));
        }
        ObjectNode versions = out.putObject("calibratorVersion");
        for (String model : versionKeys) {
            ArrayNode column = versions.putArray(model);
            samples.forEach(s -> {
                Long v = s.calibratorVersions().get(model);
                add(column, v == null ? Double.NaN : v);
            });
        }
        ObjectNode refits = out.putObject("refits");
        for (String outcome : outcomes) {
            ArrayNode column = refits.putArray(outcome);
            samples.forEach(s -> column.add(s.refits(outcome)));
        }
        return out;
    }

    /** At most {@code max} of {@code samples}, evenly strided, always with the newest; order kept. */
    static List<MonitorReading> thin(List<MonitorReading> samples, int max) {
        int n = samples.size();
        if (n <= max) {
            return samples;
        }
        int stride = (n + max - 1) / max;
        List<MonitorReading> out = new ArrayList<>(max);
        for (int i = (n - 1) % stride; i < n; i += stride) { // ends exactly on the newest
            out.add(samples.get(i));
        }
        return out;
    }

    private static void add(ArrayNode column, double v) {
        if (Double.isNaN(v)) {
            column.addNull();
        } else {
            column.add(v);
        }
    }

    private static void number(ObjectNode o, String field, double v) {
        if (Double.isNaN(v)) {
            o.putNull(field);
        } else {
            o.put(field, v);
        }
    }
}
