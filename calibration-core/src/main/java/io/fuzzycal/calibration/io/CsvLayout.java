package io.fuzzycal.calibration.io;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where things are in a calibration CSV, worked out from its header: the score columns (one family,
 * indices 0..C-1 without gaps, in any order), the optional {@code label} column, and the rest.
 */
record CsvLayout(int width, boolean logits, int[] scoreColumns, int labelColumn,
                 int[] carriedColumns, List<String> carriedNames) {
    static final String LABEL = "label";
    static final String PROBABILITY_PREFIX = "p_";
    static final String LOGIT_PREFIX = "logit_";

    private static final Pattern SCORE = Pattern.compile("(p|logit)_(\\d+)");

    /** Parses a header; returns the problem as an {@link IllegalArgumentException} message. */
    static CsvLayout of(List<String> header) {
        Map<String, Integer> seen = new HashMap<>();
        TreeMap<Integer, Integer> probabilities = new TreeMap<>();
        TreeMap<Integer, Integer> logits = new TreeMap<>();
        int label = -1;
        List<Integer> carried = new ArrayList<>();
        List<String> carriedNames = new ArrayList<>();
        for (int col = 0; col < header.size(); col++) {
            String name = header.get(col).trim();
            Integer earlier = seen.putIfAbsent(name, col);
            if (earlier != null) {
                throw new IllegalArgumentException("duplicate column '" + name + "' (columns " + (earlier + 1)
                        + " and " + (col + 1) + ")");
            }
            Matcher m = SCORE.matcher(name);
            if (m.matches()) {
                int k = classIndex(name, m.group(2));
                (m.group(1).equals("p") ? probabilities : logits).put(k, col);
            } else if (name.equals(LABEL)) {
                label = col;
            } else {
                carried.add(col);
                carriedNames.add(name);
            }
        }
        if (!probabilities.isEmpty() && !logits.isEmpty()) {
            throw new IllegalArgumentException("header has both p_ and logit_ columns; use exactly one of the two");
        }
        if (probabilities.isEmpty() && logits.isEmpty()) {
            throw new IllegalArgumentException("header has no score columns; expected p_0..p_{C-1} (probabilities) or "
                    + "logit_0..logit_{C-1} (logits)");
        }
        boolean isLogits = !logits.isEmpty();
        TreeMap<Integer, Integer> scores = isLogits ? logits : probabilities;
        String prefix = isLogits ? LOGIT_PREFIX : PROBABILITY_PREFIX;
        int c = scores.lastKey() + 1;
        for (int k = 0; k < c; k++) {
            if (!scores.containsKey(k)) {
                throw new IllegalArgumentException("column " + prefix + k + " is missing: score columns must be "
                        + prefix + "0.." + prefix + (c - 1) + " without gaps");
            }
        }
        if (c < 2) {
            throw new IllegalArgumentException("only one score column (" + prefix + "0); at least 2 classes are needed");
        }
        int[] scoreColumns = scores.values().stream().mapToInt(Integer::intValue).toArray();
        return new CsvLayout(header.size(), isLogits, scoreColumns, label,
                carried.stream().mapToInt(Integer::intValue).toArray(), carriedNames);
    }

    private static int classIndex(String name, String digits) {
        if (digits.length() > 1 && digits.charAt(0) == '0') {
            throw new IllegalArgumentException("column '" + name + "': write class indices without leading zeros");
        }
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("column '" + name + "': class index is too large");
        }
    }

    int numClasses() {
        return scoreColumns.length;
    }

    /** The name of the score column of class {@code k}. */
    String scoreName(int k) {
        return (logits ? LOGIT_PREFIX : PROBABILITY_PREFIX) + k;
    }
}
