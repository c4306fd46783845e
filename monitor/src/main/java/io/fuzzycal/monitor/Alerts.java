package io.fuzzycal.monitor;

import io.fuzzycal.schemas.avro.DriftAlert;
import io.fuzzycal.schemas.avro.Stage;
import io.fuzzycal.schemas.avro.Variant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Alert state with hysteresis, one flag per (model, series, metric) in a changelogged store: a value
 * above the threshold raises the alert once; only a value below {@code threshold × clearRatio} clears
 * it, once. NaN (unknown) and windows with too few samples change nothing.
 */
final class Alerts {
    static final String ECE = "ece";
    static final String TRANSFER_GAP = "transferGapEce";
    static final String DISAGREEMENT = "disagreement";
    static final String PSI = "psi";

    private final KeyValueStore<String, byte[]> active;
    private final AlertThresholds thresholds;
    private final MonitorMetrics metrics;

    Alerts(KeyValueStore<String, byte[]> active, AlertThresholds thresholds, MonitorMetrics metrics) {
        this.active = active;
        this.thresholds = thresholds;
        this.metrics = metrics;
    }

    /** The alerts raised and cleared by one closed window of {@code model}. */
    List<DriftAlert> check(String model, Map<Series, WindowReport> reports, Map<Series, MetricsRecords.Derived> derived,
                           Map<Series, Double> referenceUpper, long pairs, long end) {
        List<DriftAlert> out = new ArrayList<>();
        long min = thresholds.minSamples();
        reports.forEach((s, r) -> {
            MetricsRecords.Derived d = derived.get(s);
            if (s.stage() == Stage.CALIBRATED && r.n() >= min) {
                boolean significant = r.eceLower() > referenceUpper.getOrDefault(s, Double.POSITIVE_INFINITY);
                update(out, model, s, ECE, r.ece(), thresholds.ece(), end, significant);
            }
            WindowReport fp32 = reports.get(new Series(Variant.FP32, Stage.CALIBRATED));
            if (s.equals(new Series(Variant.INT4, Stage.CALIBRATED)) && r.n() >= min && fp32 != null
                    && fp32.n() >= min) {
                update(out, model, s, TRANSFER_GAP, d.transferGap(), thresholds.transferGap(), end, false);
            }
            if (s.equals(new Series(Variant.INT4, Stage.RAW)) && pairs >= min) {
                update(out, model, s, DISAGREEMENT, d.disagreement(), thresholds.disagreement(), end, false);
            }
            if (r.predictions() >= min) {
                update(out, model, s, PSI, d.psi(), thresholds.psi(), end, false);
            }
        });
        return out;
    }

    private void update(List<DriftAlert> out, String model, Series s, String metric, double value, double threshold,
                        long end, boolean significant) {
        if (Double.isNaN(value)) {
            return;
        }
        String key = model + "/" + s.key() + "/" + metric;
        boolean raised = active.get(key) != null;
        if (!raised && value > threshold) {
            active.put(key, new byte[] {1});
            out.add(MetricsRecords.alert(model, s, metric, value, threshold, end, false, significant));
            raised = true;
        } else if (raised && value < threshold * thresholds.clearRatio()) {
            active.delete(key);
            out.add(MetricsRecords.alert(model, s, metric, value, threshold * thresholds.clearRatio(), end, true,
                    false));
            raised = false;
        }
        metrics.alertActive(model, s, metric, raised);
    }
}
