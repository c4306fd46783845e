package io.fuzzycal.cli;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** The metadata a calibrator file carries about its fit, the same from {@code calibrate fit} and {@code study}. */
final class CalibratorMetadata {
    private CalibratorMetadata() {
    }

    /** What the map was fitted on and by which fuzzycal, now; callers may add their own keys after these. */
    static Map<String, Object> of(String input, int rows, long seed, String method) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input", input);
        m.put("rows", rows);
        m.put("seed", seed);
        m.put("method", method);
        m.put("fittedAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        m.put("fuzzycalVersion", FuzzycalVersion.version());
        return m;
    }
}
